-- tracking: integrity of assessments and figures checked once per statement, figures by round.
--
-- Why (docs/BENCHMARKS.md, issue 2's import target): a foreign key costs PostgreSQL one
-- "SELECT ... FOR KEY SHARE" per inserted row, run through the trigger machinery. An import of
-- 70,000 assessments and 143,000 figures paid six of them per row pair: about half the import
-- time. The same guarantees are kept here by the database, but checked set-based: one
-- statement-level trigger per table and event, with transition tables, runs one anti-join over
-- all rows of the statement. Deletes cascade (or are refused) the same way.
--
-- Guarantees, as before:
--   assessment.round_id        -> round          (delete round: its assessments go)
--   assessment.admin_unit_id   -> admin_unit     (delete refused while referenced)
--   assessment.location_id     -> location       (delete refused while referenced)
--   assessment.import_id       -> assessment_import (delete import: set null)
--   population_figure.(assessment_id, round_id) -> assessment (id, round_id) (delete: cascade)
--   population_figure.origin_admin_unit_id -> admin_unit (delete refused while referenced)
--   validation_flag.assessment_id -> assessment  (delete assessment: set null)
-- An assessment never moves to another round (its figures carry the round).
-- Referenced rows are locked FOR KEY SHARE once per distinct row, as a foreign key would, so a
-- concurrent delete cannot slip between the check and the commit (except rows this transaction
-- created itself, which no other transaction can see, let alone delete).

alter table tracking.assessment
  drop constraint assessment_round_id_fkey,
  drop constraint assessment_admin_unit_id_fkey,
  drop constraint assessment_location_id_fkey,
  drop constraint assessment_import_id_fkey;
alter table tracking.population_figure
  drop constraint population_figure_assessment_id_fkey,
  drop constraint population_figure_origin_admin_unit_id_fkey;
alter table tracking.validation_flag
  drop constraint validation_flag_assessment_id_fkey;

-- Indexes maintained on every import but read by no query: (round_id, assessment_type) is a
-- prefix of assessment_place; admin unit and location ids only served foreign-key checks of
-- geography deletes, which the triggers below now do with one scan per delete statement.
drop index tracking.assessment_round;
drop index tracking.assessment_admin_unit;
drop index tracking.assessment_location;

-- A round's figures are one index range: publishing, validation and totals no longer hash the
-- figures of every round to find one round's.
alter table tracking.population_figure add column round_id bigint;
update tracking.population_figure f
   set round_id = a.round_id
  from tracking.assessment a
 where a.id = f.assessment_id;
-- Writers should give round_id (the importer does); a figure inserted without it gets its
-- assessment's round from the trigger below, at the end of the same statement, so older code and
-- hand-written SQL keep working.
create index population_figure_round on tracking.population_figure (round_id);

-- Validation is skipped at publish when nothing it reads changed since it last ran: the round's
-- data (data_version, bumped by the triggers below on any write of its assessments or figures),
-- the previous published round, the geography and the operation's settings (validated_stamp).
alter table tracking.round
  add column data_version bigint not null default 0,
  add column validated_stamp text;

-- ---------------------------------------------------------------- assessment

create function tracking.check_assessments() returns trigger language plpgsql as $$
declare
  bad record;
begin
  if TG_OP = 'UPDATE' then
    select o.id into bad from old_rows o join new_rows n using (id)
     where n.round_id <> o.round_id limit 1;
    if found then
      raise integrity_constraint_violation using
        message = format('assessment %s: an assessment cannot move to another round', bad.id),
        table = 'assessment', schema = 'tracking';
    end if;
  end if;
  perform 1 from tracking.round r
   where r.id in (select distinct round_id from new_rows) for key share of r;
  select n.id, n.round_id into bad
    from new_rows n left join tracking.round r on r.id = n.round_id
   where r.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('assessment %s: round %s does not exist', bad.id, bad.round_id),
      constraint = 'assessment_round_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  perform 1 from geography.admin_unit u
   where u.id in (select distinct admin_unit_id from new_rows) for key share of u;
  select n.id, n.admin_unit_id into bad
    from new_rows n left join geography.admin_unit u on u.id = n.admin_unit_id
   where u.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('assessment %s: admin unit %s does not exist', bad.id, bad.admin_unit_id),
      constraint = 'assessment_admin_unit_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  perform 1 from geography.location l
   where l.id in (select distinct location_id from new_rows where location_id is not null)
     for key share of l;
  select n.id, n.location_id into bad
    from new_rows n left join geography.location l on l.id = n.location_id
   where n.location_id is not null and l.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('assessment %s: location %s does not exist', bad.id, bad.location_id),
      constraint = 'assessment_location_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  perform 1 from tracking.assessment_import i
   where i.id in (select distinct import_id from new_rows where import_id is not null)
     for key share of i;
  select n.id, n.import_id into bad
    from new_rows n left join tracking.assessment_import i on i.id = n.import_id
   where n.import_id is not null and i.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('assessment %s: import %s does not exist', bad.id, bad.import_id),
      constraint = 'assessment_import_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  update tracking.round set data_version = data_version + 1
   where id in (select distinct round_id from new_rows);
  return null;
end $$;

create function tracking.assessments_deleted() returns trigger language plpgsql as $$
begin
  delete from tracking.population_figure f
   using old_rows o
   where f.round_id = o.round_id and f.assessment_id = o.id;
  update tracking.validation_flag v set assessment_id = null
    from old_rows o
   where v.round_id = o.round_id and v.assessment_id = o.id;
  update tracking.round set data_version = data_version + 1
   where id in (select distinct round_id from old_rows);
  return null;
end $$;

create trigger assessment_inserted after insert on tracking.assessment
  referencing new table as new_rows
  for each statement execute function tracking.check_assessments();
create trigger assessment_updated after update on tracking.assessment
  referencing old table as old_rows new table as new_rows
  for each statement execute function tracking.check_assessments();
create trigger assessment_deleted after delete on tracking.assessment
  referencing old table as old_rows
  for each statement execute function tracking.assessments_deleted();

-- ---------------------------------------------------------------- population_figure

create function tracking.check_figures() returns trigger language plpgsql as $$
declare
  bad record;
begin
  -- assessments this transaction created (an import's) are invisible to every other one and
  -- cannot be deleted under us: only older ones need the lock
  perform 1 from tracking.assessment a
   where a.id in (select distinct assessment_id from new_rows)
     and a.xmin <> xid(pg_current_xact_id())
     for key share of a;
  select n.id, n.assessment_id, n.round_id into bad
    from new_rows n left join tracking.assessment a
      on a.id = n.assessment_id and (n.round_id is null or a.round_id = n.round_id)
   where a.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('population figure %s: assessment %s of round %s does not exist',
                       bad.id, bad.assessment_id, bad.round_id),
      constraint = 'population_figure_assessment_id_fkey', table = 'population_figure',
      schema = 'tracking';
  end if;

  perform 1 from geography.admin_unit u
   where u.id in (select distinct origin_admin_unit_id from new_rows
                   where origin_admin_unit_id is not null)
     for key share of u;
  select n.id, n.origin_admin_unit_id into bad
    from new_rows n left join geography.admin_unit u on u.id = n.origin_admin_unit_id
   where n.origin_admin_unit_id is not null and u.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('population figure %s: origin admin unit %s does not exist',
                       bad.id, bad.origin_admin_unit_id),
      constraint = 'population_figure_origin_admin_unit_id_fkey', table = 'population_figure',
      schema = 'tracking';
  end if;

  if exists (select 1 from new_rows where round_id is null) then
    update tracking.population_figure f set round_id = a.round_id
      from new_rows n join tracking.assessment a on a.id = n.assessment_id
     where n.round_id is null and f.id = n.id;
  end if;

  update tracking.round set data_version = data_version + 1
   where id in (select distinct a.round_id from new_rows n
                  join tracking.assessment a on a.id = n.assessment_id
                 where n.round_id is null
                union
                select round_id from new_rows where round_id is not null);
  return null;
end $$;

create function tracking.figures_deleted() returns trigger language plpgsql as $$
begin
  update tracking.round set data_version = data_version + 1
   where id in (select distinct round_id from old_rows);
  return null;
end $$;

create trigger population_figure_inserted after insert on tracking.population_figure
  referencing new table as new_rows
  for each statement execute function tracking.check_figures();
create trigger population_figure_updated after update on tracking.population_figure
  referencing new table as new_rows
  for each statement execute function tracking.check_figures();
create trigger population_figure_deleted after delete on tracking.population_figure
  referencing old table as old_rows
  for each statement execute function tracking.figures_deleted();

-- ---------------------------------------------------------------- validation_flag

create function tracking.check_flags() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select n.id, n.assessment_id into bad
    from new_rows n left join tracking.assessment a on a.id = n.assessment_id
   where n.assessment_id is not null and a.id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('validation flag %s: assessment %s does not exist', bad.id, bad.assessment_id),
      constraint = 'validation_flag_assessment_id_fkey', table = 'validation_flag',
      schema = 'tracking';
  end if;
  return null;
end $$;

create trigger validation_flag_inserted after insert on tracking.validation_flag
  referencing new table as new_rows
  for each statement execute function tracking.check_flags();
create trigger validation_flag_updated after update on tracking.validation_flag
  referencing new table as new_rows
  for each statement execute function tracking.check_flags();

-- ---------------------------------------------------------------- referenced tables

create function tracking.rounds_deleted() returns trigger language plpgsql as $$
begin
  delete from tracking.assessment a using old_rows o where a.round_id = o.id;
  return null;
end $$;

create trigger round_deleted after delete on tracking.round
  referencing old table as old_rows
  for each statement execute function tracking.rounds_deleted();

create function tracking.imports_deleted() returns trigger language plpgsql as $$
begin
  update tracking.assessment a set import_id = null from old_rows o where a.import_id = o.id;
  return null;
end $$;

create trigger assessment_import_deleted after delete on tracking.assessment_import
  referencing old table as old_rows
  for each statement execute function tracking.imports_deleted();

-- Admin units and locations still referenced cannot be deleted, unless their operation is being
-- deleted with them (its rounds, and so its assessments, go in the same cascade).
create function tracking.units_deleted() returns trigger language plpgsql as $$
declare
  bad bigint;
begin
  select o.id into bad
    from old_rows o
    join geography.operation op on op.id = o.operation_id
    join tracking.assessment a on a.admin_unit_id = o.id
   limit 1;
  if bad is null then
    select o.id into bad
      from old_rows o
      join geography.operation op on op.id = o.operation_id
      join tracking.population_figure f on f.origin_admin_unit_id = o.id
     limit 1;
  end if;
  if bad is not null then
    raise foreign_key_violation using
      message = format('admin unit %s is still referenced by assessments or figures', bad),
      constraint = 'assessment_admin_unit_id_fkey', table = 'admin_unit', schema = 'geography';
  end if;
  return null;
end $$;

create trigger tracking_admin_unit_deleted after delete on geography.admin_unit
  referencing old table as old_rows
  for each statement execute function tracking.units_deleted();

create function tracking.locations_deleted() returns trigger language plpgsql as $$
declare
  bad bigint;
begin
  select o.id into bad
    from old_rows o
    join geography.operation op on op.id = o.operation_id
    join tracking.assessment a on a.location_id = o.id
   limit 1;
  if bad is not null then
    raise foreign_key_violation using
      message = format('location %s is still referenced by assessments', bad),
      constraint = 'assessment_location_id_fkey', table = 'location', schema = 'geography';
  end if;
  return null;
end $$;

create trigger tracking_location_deleted after delete on geography.location
  referencing old table as old_rows
  for each statement execute function tracking.locations_deleted();
