-- publication: the aggregates of a revision reference their published_round, checked once per
-- statement instead of once per row (a publication inserts ~60,000 aggregate rows for 100,000
-- locations, all of one revision: the foreign key ran 60,000 identical look-ups and row locks).
-- Same guarantee, same cascade, enforced by the database; see tracking's V2026_11_24_0300.
alter table publication.aggregate drop constraint aggregate_round_id_revision_fkey;

-- (round_id, revision, admin_level) is a prefix of aggregate_public_admin1 and _admin2
drop index publication.aggregate_round;

create function publication.check_aggregates() returns trigger language plpgsql as $$
declare
  bad record;
begin
  perform 1 from publication.published_round p
   where (p.round_id, p.revision) in (select distinct round_id, revision from new_rows)
     for key share of p;
  select n.round_id, n.revision into bad
    from (select distinct round_id, revision from new_rows) n
    left join publication.published_round p
      on p.round_id = n.round_id and p.revision = n.revision
   where p.round_id is null limit 1;
  if found then
    raise foreign_key_violation using
      message = format('aggregate: revision %s of round %s is not published', bad.revision,
                       bad.round_id),
      constraint = 'aggregate_round_id_revision_fkey', table = 'aggregate',
      schema = 'publication';
  end if;
  return null;
end $$;

create trigger aggregate_inserted after insert on publication.aggregate
  referencing new table as new_rows
  for each statement execute function publication.check_aggregates();
create trigger aggregate_updated after update on publication.aggregate
  referencing new table as new_rows
  for each statement execute function publication.check_aggregates();

create function publication.published_rounds_deleted() returns trigger language plpgsql as $$
begin
  delete from publication.aggregate a
   using old_rows o
   where a.round_id = o.round_id and a.revision = o.revision;
  return null;
end $$;

create trigger published_round_deleted after delete on publication.published_round
  referencing old table as old_rows
  for each statement execute function publication.published_rounds_deleted();
