-- collection: what became of each submission's data. PENDING until the binding has been applied
-- (kept in the row, so a crash between the commit and the listener loses nothing: PENDING rows are
-- applied again at start-up), APPLIED with the assessment it created or replaced, NOT_APPLIED with
-- the reason a person can act on.
alter table collection.submission
  add column processing        text not null default 'PENDING'
                               check (processing in ('PENDING', 'APPLIED', 'NOT_APPLIED')),
  add column processing_reason text,
  add column processed_at      timestamptz,
  add column round_number      int,
  add column assessment_id     bigint,
  add column edited_xml        bytea,
  add column reviewed_by       text,
  add column reviewed_at       timestamptz,
  add column review_reason     text;

create index submission_pending on collection.submission (id) where processing = 'PENDING';
create index submission_by_assessment on collection.submission (operation_code, assessment_id)
  where assessment_id is not null;

-- A reviewer's edits: each edit is a revision with who, when and what changed (field path, old
-- and new value); the submission's current XML is edited_xml, the original stays as received.
create table collection.submission_revision (
  id              bigserial primary key,
  submission_ref  bigint not null references collection.submission (id) on delete cascade,
  number          int not null,
  edited_by       text not null,
  edited_at       timestamptz not null default now(),
  changes         jsonb not null,
  unique (submission_ref, number)
);
