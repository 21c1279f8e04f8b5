-- tracking: fewer index entries per imported row (docs/perf.md section 18).
--
-- An import writes one assessment per place and one figure per place and population group; each
-- figure paid three index entries (id, assessment_id, round_id) and each assessment one on
-- (round_id, assessment_type, place) whose text keys cost a collation comparison per level of the
-- tree. Measured on the baseline file of 100,000 locations (69,698 assessments, 143,162 figures,
-- binary COPY in one transaction): figures 1.2–1.5 s -> 0.75–0.85 s, assessments 0.8–0.9 s ->
-- 0.45 s of PostgreSQL time.
--
-- Figures are only ever read by round, or by round and assessment: one index on
-- (round_id, assessment_id) serves both (every query names the round; a join from assessments
-- joins on both columns). The id stays, from its sequence, as the row's identity in messages,
-- without an index of its own.
--
-- Assessments are found by round and type (replacing a type, validation, publication); the
-- place is only ever compared case-insensitively (upper(place)), which the old index could not
-- serve anyway.

alter table tracking.population_figure drop constraint population_figure_pkey;
drop index tracking.population_figure_round;
drop index tracking.population_figure_assessment;
create index population_figure_round_assessment
  on tracking.population_figure (round_id, assessment_id);

drop index tracking.assessment_place;
create index assessment_round_type on tracking.assessment (round_id, assessment_type);

-- check_figures as in V2026_11_25_0520, except that figures written without their round get it
-- through the new index (round_id is null, assessment_id) instead of by id.
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
     where n.round_id is null and f.round_id is null and f.assessment_id = n.assessment_id;
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
