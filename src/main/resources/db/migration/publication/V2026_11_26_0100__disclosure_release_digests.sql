-- Disclosure control without re-reading every earlier revision (docs/disclosure.md, "Differencing
-- two revisions"): each run records a digest of the public table it protected (every IDP cell of
-- admin 0..2 with its households, individuals, males and females) and of the cell keys it hid.
-- Runs with the same two digests published the same information, so a later run takes them into
-- account as one release; a revision whose table equals an earlier run's under the same threshold
-- reuses that run's pattern (it releases nothing new). Null for runs stored before this migration:
-- filled in by the next run of their round.
alter table publication.disclosure_run add column table_digest text;
alter table publication.disclosure_run add column hidden_digest text;

-- Set when a public reader read the round while this revision had no run yet (so it got the
-- previous protected revision): storing the run then empties the public answers kept since, on
-- every instance; reset by that run. A run stored before anyone read around it changes nothing
-- anyone saw (docs/disclosure.md, "When a new revision becomes public").
alter table publication.published_round
  add column read_before_protected boolean not null default false;
