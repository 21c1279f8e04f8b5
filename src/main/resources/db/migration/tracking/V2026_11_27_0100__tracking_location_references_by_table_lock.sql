-- tracking: assessments no longer lock every location they reference (docs/perf.md section 12).
--
-- The statement-level check of V2026_11_25_0520 locked each referenced location FOR KEY SHARE, as
-- a foreign key does, so that a location cannot be deleted between the check and the commit of
-- the assessments that refer to it. An import of 70,000 site assessments paid one row lock per
-- location: a WAL record each and a dirtied location page (a full-page image after each
-- checkpoint), ~0.1 s of CPU and ~2x the time of just counting them.
--
-- The same guarantee, the other way round: a statement deleting locations first takes SHARE on
-- tracking.assessment, which waits until every transaction that has written assessments has
-- ended and keeps new writers out until the delete's own transaction ends; its check then sees
-- every committed reference. A writer that comes after the delete waits for it, and its check (a
-- new snapshot per statement in READ COMMITTED) no longer finds the location.
--
-- A writer in REPEATABLE READ or SERIALIZABLE checks against its transaction's snapshot, which
-- may still show a location deleted since: it keeps locking the locations as before (a
-- concurrent delete then makes it fail with a serialization error, as with a foreign key).
-- Nothing in the platform deletes locations except deleting an operation; admin units (a
-- thousand per operation) and rounds keep their row locks.

create or replace function tracking.check_assessments() returns trigger language plpgsql as $$
declare
  bad record;
  ids bigint[];
  n bigint;
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

  select array_agg(distinct round_id) into ids from new_rows;
  select count(*) into n
    from (select 1 from tracking.round r where r.id = any(ids) for key share of r) locked;
  if n < coalesce(cardinality(ids), 0) then
    select n.id, n.round_id into bad
      from new_rows n left join tracking.round r on r.id = n.round_id
     where r.id is null limit 1;
    raise foreign_key_violation using
      message = format('assessment %s: round %s does not exist', bad.id, bad.round_id),
      constraint = 'assessment_round_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  select array_agg(distinct admin_unit_id) into ids from new_rows;
  select count(*) into n
    from (select 1 from geography.admin_unit u where u.id = any(ids) for key share of u) locked;
  if n < coalesce(cardinality(ids), 0) then
    select n.id, n.admin_unit_id into bad
      from new_rows n left join geography.admin_unit u on u.id = n.admin_unit_id
     where u.id is null limit 1;
    raise foreign_key_violation using
      message = format('assessment %s: admin unit %s does not exist', bad.id, bad.admin_unit_id),
      constraint = 'assessment_admin_unit_id_fkey', table = 'assessment', schema = 'tracking';
  end if;

  select array_agg(distinct location_id) filter (where location_id is not null) into ids
    from new_rows;
  if ids is not null then
    if current_setting('transaction_isolation') = 'read committed' then
      -- deletes of locations take SHARE on tracking.assessment (tracking.locations_deleted)
      select count(*) into n from geography.location l where l.id = any(ids);
    else
      select count(*) into n
        from (select 1 from geography.location l where l.id = any(ids) for key share of l) locked;
    end if;
    if n < cardinality(ids) then
      select n.id, n.location_id into bad
        from new_rows n left join geography.location l on l.id = n.location_id
       where n.location_id is not null and l.id is null limit 1;
      raise foreign_key_violation using
        message = format('assessment %s: location %s does not exist', bad.id, bad.location_id),
        constraint = 'assessment_location_id_fkey', table = 'assessment', schema = 'tracking';
    end if;
  end if;

  select array_agg(distinct import_id) filter (where import_id is not null) into ids from new_rows;
  if ids is not null then
    select count(*) into n
      from (select 1 from tracking.assessment_import i where i.id = any(ids)
               for key share of i) locked;
    if n < cardinality(ids) then
      select n.id, n.import_id into bad
        from new_rows n left join tracking.assessment_import i on i.id = n.import_id
       where n.import_id is not null and i.id is null limit 1;
      raise foreign_key_violation using
        message = format('assessment %s: import %s does not exist', bad.id, bad.import_id),
        constraint = 'assessment_import_id_fkey', table = 'assessment', schema = 'tracking';
    end if;
  end if;

  update tracking.round set data_version = data_version + 1
   where id in (select distinct round_id from new_rows);
  return null;
end $$;

create or replace function tracking.locations_deleted() returns trigger language plpgsql as $$
declare
  bad bigint;
begin
  -- wait for every transaction that wrote assessments, and keep new ones out until this one ends:
  -- writers in READ COMMITTED do not lock the locations they refer to (check_assessments)
  lock table tracking.assessment in share mode;
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
