-- tracking: a published round's individuals per assessment type, place and population group,
-- kept for the round-over-round check (ROUND_CHANGE) of the rounds after it.
--
-- Validating an import of round n compared its figures with round n-1's, which it summed from
-- round n-1's figures every time (187,000 figures joined to 100,000 assessments: ~0.25 s of the
-- import's 2 s at 100,000 locations). A published revision's figures cannot change until it is
-- reopened, so its sums are computed once, by a background worker after the publication commits
-- (PlaceTotals), and stamped with the revision they were summed from. Validation uses them only
-- while that revision is the round's published one; otherwise it sums the figures as before.
create table tracking.place_total_revision (
  round_id     bigint primary key references tracking.round (id) on delete cascade,
  revision     int not null,
  computed_at  timestamptz not null default now()
);

create table tracking.place_total (
  round_id          bigint not null references tracking.round (id) on delete cascade,
  assessment_type   text not null,
  place             text not null,
  population_group  text not null,
  individuals       bigint not null
);
create index place_total_round on tracking.place_total (round_id);
