-- One unit's rows of the published revisions, by the unit's own P-code: the dashboard's time series
-- of an area (Aggregates.timeSeries) and the place pages. Before, a time series of one admin-2 unit
-- read every aggregate row of the operation's current rounds (docs/BENCHMARKS.md, "Dashboard at
-- 100,000 locations": 1.7 s of PostgreSQL CPU per request).
-- unit_pcode first, on purpose: an index starting with (round_id, revision) like the others looks
-- as good to the planner for every per-round read whenever the newest round is missing from the
-- statistics (estimated 1 row), and it took it for the dashboard's admin-level reads, which then
-- filtered 60,000 rows instead of reading their level (measured: 15 ms → 520 ms).
create index aggregate_unit
    on publication.aggregate (unit_pcode, population_group, round_id, revision);
