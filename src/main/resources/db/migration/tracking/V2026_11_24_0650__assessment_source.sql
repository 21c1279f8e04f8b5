-- tracking: assessments that come from a collected submission name it (its instanceID), so that a
-- reviewer can go from a flag to the submission, and a resent or edited submission replaces its
-- own assessment instead of adding a second one.
alter table tracking.assessment add column source text;
create unique index assessment_by_source on tracking.assessment (round_id, source)
  where source is not null;
