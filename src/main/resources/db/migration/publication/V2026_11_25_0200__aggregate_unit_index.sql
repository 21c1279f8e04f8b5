-- One unit's rows of a published revision, by the unit's own P-code: the dashboard's time series
-- of an area (Aggregates.timeSeries) and the place pages. Before, a time series of one admin-2 unit
-- read every aggregate row of the operation's current rounds (docs/BENCHMARKS.md, "Dashboard at
-- 100,000 locations").
create index aggregate_unit
    on publication.aggregate (round_id, revision, unit_pcode, population_group);
