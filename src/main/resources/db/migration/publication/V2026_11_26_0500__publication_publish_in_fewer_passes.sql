-- publication: cheaper publication of a revision (docs/perf.md, session 4).
--
-- The breakdowns read the round's figures by the round index and join them to the round's
-- assessments staged by the publication (as the aggregates do), instead of through
-- v_figure_breakdown_for_publication, whose join to tracking.assessment made the planner look up
-- every figure's assessment (or hash every round's). The figure view used by both therefore also
-- carries the shelter type and the sex-and-age counts (columns added at the end: the view's other
-- columns and their meaning are unchanged).
create or replace view publication.v_round_figure_for_publication as
select f.round_id,
       f.assessment_id,
       f.population_group,
       coalesce(nullif(btrim(f.reason), ''), 'Not reported') as reason,
       origin.adm1_id                        as origin_admin1_id,
       f.households,
       f.individuals,
       f.males,
       f.females,
       coalesce(nullif(btrim(f.shelter), ''), 'Not reported') as shelter,
       f.sex_age
  from tracking.population_figure f
  left join geography.admin_unit_ancestry origin on origin.unit_id = f.origin_admin_unit_id;

-- No query reads publication.aggregate by operation: every reader starts from published_round and
-- reads a revision by (round_id, revision), which aggregate_public_admin1/_admin2 lead with, or a
-- unit by aggregate_unit. The index only cost its upkeep on every publication (61,752 entries per
-- revision at 100,000 locations).
drop index publication.aggregate_lookup;

-- Read by nothing any more (the breakdowns read v_round_figure_for_publication above): the views
-- are the whole coupling to tracking's tables, so an unused one goes.
drop view publication.v_figure_breakdown_for_publication;
