-- publication: breakdowns of each published revision by sex-and-age band and by shelter type
-- (issue 3: the dashboard's population pyramid and shelter chart), per admin unit at every level x
-- assessment type x population group. Types are never added together. Computed in the same
-- transaction as the revision's aggregates, so they switch in with it. docs/breakdowns.md.

-- What the breakdowns read from tracking and geography (AD-5: declared views only). The figure's
-- sex-and-age counts are an array: the operation's female bands in band order, then its male bands.
create view publication.v_figure_breakdown_for_publication as
select f.round_id,
       a.assessment_type,
       a.admin_unit_id,
       f.population_group,
       coalesce(nullif(btrim(f.shelter), ''), 'Not reported') as shelter,
       f.households,
       f.individuals,
       f.sex_age
  from tracking.population_figure f
  join tracking.assessment a on a.id = f.assessment_id;

-- Each admin unit's ancestors (the flattened hierarchy), joined after the figures are summed per
-- unit: a few thousand units instead of every figure.
create view publication.v_unit_ancestry_for_publication as
select unit_id, operation_id, level, adm0_id, adm1_id, adm2_id, adm3_id, adm4_id, adm5_id
  from geography.admin_unit_ancestry;

-- A round's state in tracking, so the start-up back-fill only computes breakdowns of revisions
-- whose figures have not been reopened for correction since they were published.
create view publication.v_round_for_publication as
select r.id as round_id, r.status, r.revision
  from tracking.round r;

-- One row per revision whose breakdowns were computed (possibly none: no figure had bands), with
-- the operation's band codes as they were then, so an old revision reads the same forever.
create table publication.breakdown_revision (
  round_id     bigint not null,
  revision     int not null,
  bands        text[] not null,
  source       text not null check (source in ('PUBLISH', 'BACKFILL')),
  computed_at  timestamptz not null default now(),
  primary key (round_id, revision),
  foreign key (round_id, revision)
    references publication.published_round (round_id, revision) on delete cascade
);

-- Sex-and-age totals: females[i] and males[i] are the individuals of band bands[i] of the
-- revision. Only figures carrying exactly one count per band and sex are counted; banded is how
-- many they were and banded_individuals their individuals (what the pyramid covers).
create table publication.sex_age_total (
  round_id            bigint not null,
  revision            int not null,
  assessment_type     text not null,
  admin_level         smallint not null,
  admin_unit_id       bigint not null,
  unit_pcode          text not null,
  unit_name           text not null,
  parent_pcode        text,
  population_group    text not null,
  females             bigint[] not null,
  males               bigint[] not null,
  banded              int not null,
  banded_individuals  bigint not null
);
create index sex_age_total_unit
    on publication.sex_age_total (round_id, revision, unit_pcode, assessment_type, population_group);
create index sex_age_total_level on publication.sex_age_total (round_id, revision, admin_level);

-- Shelter totals: every figure counts, a figure without shelter type under 'Not reported', so the
-- shelters of a unit add up to its individuals and households.
create table publication.shelter_total (
  round_id          bigint not null,
  revision          int not null,
  assessment_type   text not null,
  admin_level       smallint not null,
  admin_unit_id     bigint not null,
  unit_pcode        text not null,
  unit_name         text not null,
  parent_pcode      text,
  population_group  text not null,
  shelter           text not null,
  households        bigint not null,
  individuals       bigint not null
);
create index shelter_total_unit
    on publication.shelter_total (round_id, revision, unit_pcode, assessment_type, population_group);
create index shelter_total_level on publication.shelter_total (round_id, revision, admin_level);

-- The rows of the two tables go with their breakdown_revision (checked and cascaded once per
-- statement, as publication.aggregate since V2026_11_24_0330: no per-row foreign key look-ups).
create function publication.check_breakdown_rows() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select n.round_id, n.revision into bad
    from (select distinct round_id, revision from new_rows) n
    left join publication.breakdown_revision b
      on b.round_id = n.round_id and b.revision = n.revision
   where b.round_id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('%s: revision %s of round %s has no breakdown_revision', tg_table_name,
                       bad.revision, bad.round_id),
      constraint = tg_table_name || '_breakdown_revision_fkey', table = tg_table_name,
      schema = 'publication';
  end if;
  return null;
end $$;

create trigger sex_age_total_inserted after insert on publication.sex_age_total
  referencing new table as new_rows
  for each statement execute function publication.check_breakdown_rows();
create trigger shelter_total_inserted after insert on publication.shelter_total
  referencing new table as new_rows
  for each statement execute function publication.check_breakdown_rows();

create function publication.breakdown_revisions_deleted() returns trigger language plpgsql as $$
begin
  delete from publication.sex_age_total t using old_rows o
   where t.round_id = o.round_id and t.revision = o.revision;
  delete from publication.shelter_total t using old_rows o
   where t.round_id = o.round_id and t.revision = o.revision;
  return null;
end $$;

create trigger breakdown_revision_deleted after delete on publication.breakdown_revision
  referencing old table as old_rows
  for each statement execute function publication.breakdown_revisions_deleted();

-- Disclosure control of the breakdowns for public reads (docs/breakdowns.md): a run protects one
-- revision's breakdown cells under one threshold, jointly with the suppression run of the
-- revision's aggregates (main_run_id) that the public already sees. Kept, as the aggregates' runs.
create table publication.breakdown_disclosure_run (
  id            bigserial primary key,
  round_id      bigint not null,
  revision      int not null,
  threshold     int not null check (threshold >= 5),
  main_run_id   bigint not null references publication.disclosure_run (id) on delete cascade,
  computed_at   timestamptz not null default now(),
  hidden_cells  int not null,
  complements   int not null,
  unresolved    jsonb not null default '[]'::jsonb,
  current       boolean not null,
  foreign key (round_id, revision)
    references publication.breakdown_revision (round_id, revision) on delete cascade
);
create unique index breakdown_disclosure_run_current
    on publication.breakdown_disclosure_run (round_id, revision) where current;

-- Every breakdown cell key a run hid.
create table publication.breakdown_disclosure_hidden (
  run_id    bigint not null references publication.breakdown_disclosure_run (id) on delete cascade,
  cell_key  text not null,
  primary key (run_id, cell_key)
);
