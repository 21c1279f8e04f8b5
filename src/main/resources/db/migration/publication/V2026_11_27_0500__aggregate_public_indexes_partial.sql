-- publication: fewer index entries per published revision (docs/perf.md §13).
--
-- Three quarters of a revision's aggregate rows are at admin 3 and below (46,489 + 861 of 61,752
-- for round 23 of the 100,000-location benchmark), but the public API reads admin 0..2 only
-- (DisclosureControl.FINEST_PUBLIC_LEVEL). The two public P-code indexes carried every level: two
-- text keys (population group, lower-cased P-code) compared per insert, and lower() computed, for
-- rows no public read filters by P-code. Their upkeep was most of the insert's CPU.
--
-- Now:
--  * aggregate_revision_level (round_id, revision, admin_level): every row, integer keys only;
--    the reads of a revision or one of its levels (Aggregates.list, CurrentGeographyAggregates,
--    the disclosure table, the "what changed" totals, publish previews) use it, as they used the
--    prefix of aggregate_public_admin1 before;
--  * aggregate_public_admin1/_admin2 only where admin_level <= 2: PublicFigures, their only
--    reader by P-code, says "a.admin_level <= 2" in its SQL so that the planner can use them
--    with any plan (a custom plan proves it from the level as well).
-- aggregate_unit (time series and place pages of a unit at any level) and the primary key
-- (aggregate_suppression references it) are unchanged.
create index aggregate_revision_level on publication.aggregate (round_id, revision, admin_level);

drop index publication.aggregate_public_admin1;
drop index publication.aggregate_public_admin2;
create index aggregate_public_admin1
    on publication.aggregate (round_id, revision, admin_level, population_group, lower(admin1_pcode))
 where admin_level <= 2;
create index aggregate_public_admin2
    on publication.aggregate (round_id, revision, admin_level, population_group, lower(admin2_pcode))
 where admin_level <= 2;
