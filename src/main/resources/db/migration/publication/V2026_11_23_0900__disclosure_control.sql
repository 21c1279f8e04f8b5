-- Disclosure control (issue 4): which published cells are suppressed for the public.
--
-- A run protects one revision of a round under one threshold. It is computed on the first public
-- read of that revision (or after the operation's threshold changes), so a revision nobody could
-- read yet constrains nothing. Runs are never deleted: every run was public, and later runs of the
-- round must keep what it hid (see docs/disclosure.md, differencing).
create table publication.disclosure_run (
  id            bigserial primary key,
  round_id      bigint not null,
  revision      int not null,
  threshold     int not null check (threshold >= 5),
  computed_at   timestamptz not null default now(),
  hidden_cells  int not null,            -- cells hidden, margins included
  complements   int not null,            -- of which secondary
  unresolved    jsonb not null default '[]'::jsonb, -- primary cells derivable anyway (logged)
  current       boolean not null,        -- the run public reads use for this revision
  foreign key (round_id, revision) references publication.published_round (round_id, revision) on delete cascade
);
create unique index disclosure_run_current on publication.disclosure_run (round_id, revision) where current;

-- Every cell key a run hid (margins included), for later runs of the round.
create table publication.disclosure_hidden (
  run_id    bigint not null references publication.disclosure_run (id) on delete cascade,
  cell_key  text not null,
  primary key (run_id, cell_key)
);

-- The public view of the aggregate rows a run suppresses (rows not listed are shown in full).
create table publication.aggregate_suppression (
  run_id        bigint not null references publication.disclosure_run (id) on delete cascade,
  aggregate_id  bigint not null references publication.aggregate (id) on delete cascade,
  individuals   boolean not null,
  males         boolean not null,
  females       boolean not null,
  primary key (run_id, aggregate_id)
);
