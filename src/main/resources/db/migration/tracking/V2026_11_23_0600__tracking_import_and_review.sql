-- tracking: what imports and review need beyond the first schema.

-- The place as people read it (location or unit name) and how its P-code was written, so that flag
-- messages name the place and P-code normalisations stay visible (rule PCODE_NORMALISED).
alter table tracking.assessment
  add column place_name    text,
  add column pcode_written text,
  add column pcode_rule    text;
create index assessment_by_import on tracking.assessment (import_id);
create index assessment_place on tracking.assessment (round_id, assessment_type, place);

-- A flag outlives the assessment it was raised on: a re-import replaces assessments, and the
-- justification of a problem that recurs (same fingerprint) must survive.
alter table tracking.validation_flag drop constraint validation_flag_assessment_id_fkey;
alter table tracking.validation_flag
  add constraint validation_flag_assessment_id_fkey
  foreign key (assessment_id) references tracking.assessment (id) on delete set null;

-- Why a published round was reopened, kept until its next publication records it.
alter table tracking.round add column reopen_reason text;

-- which assessment types an import replaced
alter table tracking.assessment_import add column assessment_types text[] not null default '{}';
