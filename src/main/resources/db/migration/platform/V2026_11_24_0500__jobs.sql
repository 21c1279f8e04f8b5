-- platform: long work (imports, publishing) run in the background as jobs with visible progress.
-- A job outlives its run as a record: who asked, what it did, its result or its problem.
create schema if not exists platform;

create table platform.job (
  id              uuid primary key,
  -- what the work is, e.g. assessment-import, geography-import, publish
  kind            text not null,
  operation_code  text,
  owner           text not null,
  -- the access.Right a caller other than the owner needs in the operation to see the job
  required_right  text,
  state           text not null default 'QUEUED'
                  check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  -- the last phase finished (PhaseTimer laps), phases done, phases expected (null: unknown)
  phase           text,
  done            integer not null default 0,
  total           integer,
  -- a short line describing the job for lists, e.g. the file name
  description     text,
  result          jsonb,
  -- an RFC 9457 problem when FAILED
  error           jsonb,
  created_at      timestamptz not null default now(),
  started_at      timestamptz,
  finished_at     timestamptz
);

create index job_operation_created on platform.job (operation_code, created_at desc);
create index job_kind_finished on platform.job (kind, finished_at desc) where state = 'SUCCEEDED';
