-- tracking: the statement-level integrity checks of V2026_11_24_0300, cheaper for bulk writes
-- (docs/perf.md, session 3). Same references, same locks, same errors (SQLSTATE 23503, same
-- constraint names and messages). What changed is how a statement's rows are checked:
--
--  * before: for each reference, one pass that locked the referenced rows, then a second pass, an
--    anti-join of every new row (planned as one index probe per row, the transition table having
--    no statistics) to find a missing one;
--  * now: the distinct referenced ids are collected once into an array, the referenced rows are
--    locked and counted in the same pass, and only when the count falls short is the old anti-join
--    run, to name the offending row in the error.
--
-- An import of 70,000 assessments and 143,000 figures spent ~2.5 s and ~3.5 s in these triggers
-- (under load): mostly the second passes and the per-row probes. Figures of assessments created
-- by the same transaction are still not locked (no other transaction can see them).

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
    select count(*) into n
      from (select 1 from geography.location l where l.id = any(ids) for key share of l) locked;
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

create or replace function tracking.check_figures() returns trigger language plpgsql as $$
declare
  bad record;
  ids bigint[];
  rounds bigint[];
  some_without_round boolean;
  n bigint;
  in_round bigint;
  others bigint;
begin
  select array_agg(distinct assessment_id),
         array_agg(distinct round_id) filter (where round_id is not null),
         bool_or(round_id is null)
    into ids, rounds, some_without_round
    from new_rows;
  if ids is null then
    return null;
  end if;

  -- Assessments: exist, are in the figures' round, and those of other transactions are locked.
  -- Counted in one pass when the figures name one round (or none), as every import's do.
  if rounds is null or (cardinality(rounds) = 1 and not some_without_round) then
    select count(*),
           count(*) filter (where rounds is null or a.round_id = rounds[1]),
           count(*) filter (where a.xmin <> xid(pg_current_xact_id()))
      into n, in_round, others
      from tracking.assessment a where a.id = any(ids);
  else
    n := -1; -- mixed rounds: checked row by row below
  end if;
  if n <> cardinality(ids) or in_round <> n then
    perform 1 from tracking.assessment a
     where a.id = any(ids) and a.xmin <> xid(pg_current_xact_id())
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
  elsif others > 0 then
    perform 1 from tracking.assessment a
     where a.id = any(ids) and a.xmin <> xid(pg_current_xact_id())
       for key share of a;
  end if;

  select array_agg(distinct origin_admin_unit_id) filter (where origin_admin_unit_id is not null)
    into ids from new_rows;
  if ids is not null then
    select count(*) into n
      from (select 1 from geography.admin_unit u where u.id = any(ids) for key share of u) locked;
    if n < cardinality(ids) then
      select n.id, n.origin_admin_unit_id into bad
        from new_rows n left join geography.admin_unit u on u.id = n.origin_admin_unit_id
       where n.origin_admin_unit_id is not null and u.id is null limit 1;
      raise foreign_key_violation using
        message = format('population figure %s: origin admin unit %s does not exist',
                         bad.id, bad.origin_admin_unit_id),
        constraint = 'population_figure_origin_admin_unit_id_fkey', table = 'population_figure',
        schema = 'tracking';
    end if;
  end if;

  if some_without_round then
    update tracking.population_figure f set round_id = a.round_id
      from new_rows n join tracking.assessment a on a.id = n.assessment_id
     where n.round_id is null and f.id = n.id;
    update tracking.round set data_version = data_version + 1
     where id in (select distinct a.round_id from new_rows n
                    join tracking.assessment a on a.id = n.assessment_id
                   where n.round_id is null
                  union
                  select unnest(rounds));
  else
    update tracking.round set data_version = data_version + 1 where id = any(rounds);
  end if;
  return null;
end $$;
