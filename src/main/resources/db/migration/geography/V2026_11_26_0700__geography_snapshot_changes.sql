-- geography: one row per statement that wrote an operation's admin units or locations, written by
-- the triggers below whoever the writer is, so that an in-memory snapshot of the geography
-- (PlaceResolvers: 100,000 locations take 0.3-1 s to load) can be reused while no write has been
-- committed since it was taken (docs/perf.md section 10).
--
-- Rows are only ever added: the number of rows of an operation a transaction sees identifies the
-- committed writes it sees (a snapshot sees a prefix of the commits, in commit order). Writes of the
-- reading transaction itself are not committed yet: the triggers also set the transaction-local
-- setting opendtm.geography_written, and a transaction that wrote geography does not use or keep a
-- cached snapshot. No foreign key: deleting an operation deletes its units in the same cascade.
create table geography.snapshot_change (
  operation_id bigint not null,
  changed_at   timestamptz not null default now()
);
create index snapshot_change_operation on geography.snapshot_change (operation_id);

create function geography.record_snapshot_change() returns trigger language plpgsql as $$
begin
  insert into geography.snapshot_change (operation_id)
  select distinct operation_id from changed_rows;
  perform set_config('opendtm.geography_written', 'on', true);
  return null;
end $$;

create trigger admin_unit_inserted_snapshot after insert on geography.admin_unit
  referencing new table as changed_rows
  for each statement execute function geography.record_snapshot_change();
create trigger admin_unit_updated_snapshot after update on geography.admin_unit
  referencing new table as changed_rows
  for each statement execute function geography.record_snapshot_change();
create trigger admin_unit_deleted_snapshot after delete on geography.admin_unit
  referencing old table as changed_rows
  for each statement execute function geography.record_snapshot_change();
create trigger location_inserted_snapshot after insert on geography.location
  referencing new table as changed_rows
  for each statement execute function geography.record_snapshot_change();
create trigger location_updated_snapshot after update on geography.location
  referencing new table as changed_rows
  for each statement execute function geography.record_snapshot_change();
create trigger location_deleted_snapshot after delete on geography.location
  referencing old table as changed_rows
  for each statement execute function geography.record_snapshot_change();
