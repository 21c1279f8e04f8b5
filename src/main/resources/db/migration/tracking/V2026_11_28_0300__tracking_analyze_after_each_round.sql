-- tracking: statistics of the assessment and figure tables follow each imported round.
--
-- Autovacuum analyses a table once 10 % of its rows changed (autovacuum_analyze_scale_factor):
-- with 24 rounds of 100,000 locations (5 million figures) that is every second or third round,
-- so the newest rounds' round_id values are missing from the statistics and the planner
-- estimates a round's 143,000 figures as ~2,000 rows. Validation of the next round then chose
-- nested loops and sorts over the current and previous rounds (ROUND_CHANGE 1.05 s instead of
-- 0.76 s with statistics, docs/perf.md section 18). Analysed after every 50,000 changed rows
-- instead (~0.3 s of a background worker per imported round).
alter table tracking.population_figure
  set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 50000);
alter table tracking.assessment
  set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 50000);
