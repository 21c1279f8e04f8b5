-- publication: read one round's figures through population_figure.round_id (added by tracking's
-- V2026_11_24_0300), so that "where round_id = :round" is one index range of the figure table
-- instead of a hash of every round's figures. Same columns, same meaning. The assessment is joined
-- by its key only (tracking's triggers keep figure and assessment in the same round): a second
-- round condition lets a planner with stale statistics nest two round scans, quadratic in size.
create or replace view publication.v_figure_for_publication as
select f.round_id,
       a.id                                  as assessment_id,
       a.assessment_type,
       a.admin_unit_id,
       anc.level                             as unit_level,
       anc.adm0_id, anc.adm1_id, anc.adm2_id, anc.adm3_id, anc.adm4_id, anc.adm5_id,
       f.population_group,
       coalesce(nullif(btrim(f.reason), ''), 'Not reported') as reason,
       origin.adm1_id                        as origin_admin1_id,
       f.households,
       f.individuals,
       f.males,
       f.females
  from tracking.population_figure f
  join tracking.assessment a on a.id = f.assessment_id
  join geography.admin_unit_ancestry anc on anc.unit_id = a.admin_unit_id
  left join geography.admin_unit_ancestry origin on origin.unit_id = f.origin_admin_unit_id;
