-- publication: what it reads from other modules, in one place, and "what changed" per revision.
--
-- The publication module computes its aggregates with ONE set-based SQL statement per revision
-- (issue 2: a 100,000-location round publishes in under 5 s). Going through the other modules'
-- Java APIs row by row would be orders of magnitude slower, so the aggregation reads tracking's
-- and geography's tables directly -- but only through the views below. They are the whole
-- coupling: if tracking or geography change their tables, these views are what must follow, and
-- nothing else in the publication module reads another module's tables.

-- One row per population figure of an assessment, with the assessment's admin unit and that
-- unit's ancestors (the flattened hierarchy) and the admin-1 ancestor of the figure's origin.
-- tracking.assessment.admin_unit_id is the place's unit (for location assessments the unit of
-- the location), so no join to geography.location is needed.
create view publication.v_figure_for_publication as
select a.round_id,
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
  from tracking.assessment a
  join tracking.population_figure f on f.assessment_id = a.id
  join geography.admin_unit_ancestry anc on anc.unit_id = a.admin_unit_id
  left join geography.admin_unit_ancestry origin on origin.unit_id = f.origin_admin_unit_id;

-- Admin units with their ancestors, to copy names and P-codes into the aggregates.
create view publication.v_admin_unit_for_publication as
select u.id, u.operation_id, u.level, u.pcode, u.name,
       anc.adm0_id, anc.adm1_id, anc.adm2_id, anc.adm3_id
  from geography.admin_unit u
  left join geography.admin_unit_ancestry anc on anc.unit_id = u.id;

-- Sex totals are unknown (null) in a cell when any figure in it lacks them: a partial sum would
-- be read as a total. The DTM API shows such cells as null, as the real API does.
alter table publication.aggregate alter column males drop not null;
alter table publication.aggregate alter column females drop not null;
alter table publication.aggregate alter column males drop default;
alter table publication.aggregate alter column females drop default;

-- What changed against the previous revision of the round (admin-0 totals per type x group,
-- and the admin-1/2 units whose individuals changed); computed when the revision is published.
alter table publication.published_round add column changes jsonb not null default '{}'::jsonb;

-- Time series and public reads walk the current revisions of an operation.
create index published_round_current_operation
    on publication.published_round (operation_id, round_number, round_id, revision) where current;

-- The unit's own P-code and name (levels 4 and 5 have no adminN columns), for lookups by P-code.
alter table publication.aggregate add column unit_pcode text;
alter table publication.aggregate add column unit_name text;

-- Places (assessments) in the unit for the type and group, whatever their reason and origin: the
-- per-cell counts cannot be added up to it, since one place may report several reasons.
alter table publication.aggregate add column unit_places int not null default 0;
