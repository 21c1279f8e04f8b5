-- tracking: a published round's individuals per assessment type, place and population group,
-- kept for the round-over-round check (ROUND_CHANGE) of the rounds after it.
--
-- Validating an import of round n compared its figures with round n-1's, which it summed from
-- round n-1's figures every time (187,000 figures joined to 100,000 assessments: 0.35-0.39 s of
-- a 2.1-2.4 s import of 100,000 locations). A published revision's figures cannot change until it is
-- reopened, so its sums are computed once, by a background worker after the publication commits
-- (PlaceTotals), and stamped with the revision they were summed from. Validation uses them only
-- while that revision is the round's published one; otherwise it sums the figures as before.
--
-- One row per assessment type and place, a column per group (null: no individuals given), so that
-- loading a round's sums into memory reads ~70,000 rows rather than ~140,000 at 100,000 locations.
create table tracking.place_total_revision (
  round_id     bigint primary key references tracking.round (id) on delete cascade,
  revision     int not null,
  places       int not null,  -- rows in place_total: what a load sizes its map by
  computed_at  timestamptz not null default now()
);

create table tracking.place_total (
  round_id         bigint not null references tracking.round (id) on delete cascade,
  assessment_type  text not null,
  place            text not null,
  idp              bigint,
  returnee         bigint,
  migrant          bigint,
  host             bigint
);
create index place_total_round on tracking.place_total (round_id);
