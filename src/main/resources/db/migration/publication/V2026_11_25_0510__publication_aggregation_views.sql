-- publication: narrower views for the aggregation of a published revision (docs/perf.md, session 3).
-- v_figure_for_publication joins every figure to its assessment and both ancestries before any
-- grouping, and the planner hashes the whole assessment table (every round) to do it. The
-- aggregation now reads a round's assessments and its figures separately (each one index range),
-- sums the figures per assessment first and joins assessments and ancestries to those sums.
-- Same coupling rule as before (AD-5): publication reads other modules' tables through its views.

-- One round's assessments: what the aggregation needs of them.
create view publication.v_assessment_for_publication as
select a.id, a.round_id, a.assessment_type, a.admin_unit_id
  from tracking.assessment a;

-- One round's figures by their round, with the reason as published and the origin's admin 1.
create view publication.v_round_figure_for_publication as
select f.round_id,
       f.assessment_id,
       f.population_group,
       coalesce(nullif(btrim(f.reason), ''), 'Not reported') as reason,
       origin.adm1_id                        as origin_admin1_id,
       f.households,
       f.individuals,
       f.males,
       f.females
  from tracking.population_figure f
  left join geography.admin_unit_ancestry origin on origin.unit_id = f.origin_admin_unit_id;

-- Each admin unit's level and its ancestor at every level (itself at its own level).
-- (also created by V2026_11_25_0100 with the same definition; both branches of session 3 needed it)
create or replace view publication.v_unit_ancestry_for_publication as
select unit_id, operation_id, level, adm0_id, adm1_id, adm2_id, adm3_id, adm4_id, adm5_id
  from geography.admin_unit_ancestry;
