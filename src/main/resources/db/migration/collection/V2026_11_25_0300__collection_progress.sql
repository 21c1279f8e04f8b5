-- collection: who collected what, where and when, against the round's list of places.
--
-- target_round: the round a submission was processed for (the operation's COLLECTING round at the
-- time; kept when the submission is rejected or cannot be applied), so that a round's progress
-- counts what was sent for it, not only what became an assessment.
-- place_code / unit_pcode: where an APPLIED submission's assessment is (the location code or the
-- P-code, and the P-code of its admin unit), so that progress never reads tracking's tables.
alter table collection.submission
  add column target_round int,
  add column place_code   text,
  add column unit_pcode   text;

update collection.submission s
   set target_round = s.round_number, place_code = a.place, unit_pcode = u.pcode
  from tracking.assessment a join geography.admin_unit u on u.id = a.admin_unit_id
 where a.id = s.assessment_id and s.processing = 'APPLIED';

create index submission_by_target_round
  on collection.submission (operation_code, target_round, submitter);

-- The places each enumerator is expected to visit in a round. A place is a P-code or a location
-- code, stored as the geography knows it (normalised when uploaded). Several enumerators may share
-- a place (key informants are triangulated).
create table collection.assignment (
  operation_code  text not null,
  round_number    int not null,
  enumerator      text not null,
  place_code      text not null,
  assigned_at     timestamptz not null default now(),
  assigned_by     text not null,
  primary key (operation_code, round_number, enumerator, place_code)
);
