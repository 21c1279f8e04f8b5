-- geography: a location's references (operation, admin unit, boundary unit) are checked once per
-- statement instead of once per row (docs/perf.md section 17).
--
-- Each foreign key ran its own check for every inserted row ("select 1 ... for key share" through
-- the trigger machinery): inserting a master list of 100,000 locations spent ~1.3 of its ~2.6 s of
-- PostgreSQL time in the checks of operation_id and admin_unit_id. A master list names one
-- operation and a few hundred units, so one statement-level check over the distinct ids (locked
-- FOR KEY SHARE, as the keys did) does the same work once. The same pattern as tracking's
-- (tracking/V2026_11_24_0300, V2026_11_25_0520): same constraint names and "does not exist" /
-- "still referenced" messages as before, nothing of a refused statement stays.
--
-- Deletes keep their meaning: deleting an operation deletes its locations (the former cascade);
-- an admin unit still referenced by a location as its unit or boundary unit cannot be deleted,
-- unless its operation is being deleted with it.

alter table geography.location
  drop constraint location_operation_id_fkey,
  drop constraint location_admin_unit_id_fkey,
  drop constraint location_boundary_unit_id_fkey;

create function geography.check_locations() returns trigger language plpgsql as $$
declare
  ids bigint[];
  n bigint;
  bad record;
begin
  select array_agg(distinct operation_id) into ids from new_rows;
  if ids is null then
    return null;
  end if;
  select count(*) into n
    from (select 1 from geography.operation o where o.id = any(ids) for key share of o) locked;
  if n < cardinality(ids) then
    select r.id, r.operation_id into bad
      from new_rows r left join geography.operation o on o.id = r.operation_id
     where o.id is null limit 1;
    raise foreign_key_violation using
      message = format('location %s: operation %s does not exist', bad.id, bad.operation_id),
      constraint = 'location_operation_id_fkey', table = 'location', schema = 'geography';
  end if;

  select array_agg(distinct u) into ids
    from (select admin_unit_id from new_rows
          union
          select boundary_unit_id from new_rows where boundary_unit_id is not null) units(u);
  select count(*) into n
    from (select 1 from geography.admin_unit a where a.id = any(ids) for key share of a) locked;
  if n < cardinality(ids) then
    select r.id, r.admin_unit_id into bad
      from new_rows r left join geography.admin_unit a on a.id = r.admin_unit_id
     where a.id is null limit 1;
    if found then
      raise foreign_key_violation using
        message = format('location %s: admin unit %s does not exist', bad.id, bad.admin_unit_id),
        constraint = 'location_admin_unit_id_fkey', table = 'location', schema = 'geography';
    end if;
    select r.id, r.boundary_unit_id into bad
      from new_rows r left join geography.admin_unit a on a.id = r.boundary_unit_id
     where r.boundary_unit_id is not null and a.id is null limit 1;
    raise foreign_key_violation using
      message = format('location %s: boundary unit %s does not exist', bad.id, bad.boundary_unit_id),
      constraint = 'location_boundary_unit_id_fkey', table = 'location', schema = 'geography';
  end if;
  return null;
end $$;

create trigger location_references_inserted after insert on geography.location
  referencing new table as new_rows
  for each statement execute function geography.check_locations();
create trigger location_references_updated after update on geography.location
  referencing new table as new_rows
  for each statement execute function geography.check_locations();

-- Units still referenced by locations cannot be deleted, unless their operation goes with them.
create function geography.units_deleted_locations() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select o.id, l.code into bad
    from old_rows o
    join geography.operation op on op.id = o.operation_id
    join geography.location l on l.admin_unit_id = o.id
   limit 1;
  if not found then
    select o.id, l.code into bad
      from old_rows o
      join geography.operation op on op.id = o.operation_id
      join geography.location l on l.boundary_unit_id = o.id
     limit 1;
  end if;
  if found then
    raise foreign_key_violation using
      message = format('admin unit %s is still referenced by location %s', bad.id, bad.code),
      constraint = 'location_admin_unit_id_fkey', table = 'admin_unit', schema = 'geography';
  end if;
  return null;
end $$;

create trigger location_admin_unit_deleted after delete on geography.admin_unit
  referencing old table as old_rows
  for each statement execute function geography.units_deleted_locations();

-- The former "on delete cascade" of location.operation_id.
create function geography.operations_deleted() returns trigger language plpgsql as $$
begin
  delete from geography.location l using old_rows o where l.operation_id = o.id;
  return null;
end $$;

create trigger operation_deleted_locations after delete on geography.operation
  referencing old table as old_rows
  for each statement execute function geography.operations_deleted();
