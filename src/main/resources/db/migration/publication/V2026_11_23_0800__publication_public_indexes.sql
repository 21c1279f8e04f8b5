-- The public API's filters by admin 1 or admin 2 P-code (case-insensitive, as the DTM API matches
-- them) read only the matching rows of each published round instead of every admin-2 row of it
-- (docs/BENCHMARKS.md: a 23-round Admin2Pcode query scanned ~300,000 rows).
create index aggregate_public_admin1
    on publication.aggregate (round_id, revision, admin_level, population_group, lower(admin1_pcode));
create index aggregate_public_admin2
    on publication.aggregate (round_id, revision, admin_level, population_group, lower(admin2_pcode));
