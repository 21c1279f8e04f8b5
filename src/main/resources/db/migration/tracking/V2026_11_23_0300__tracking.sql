-- tracking: rounds, assessments, population figures, validation flags, imports.
create schema if not exists tracking;

create table tracking.round (
  id              bigserial primary key,
  operation_id    bigint not null references geography.operation (id) on delete cascade,
  number          int not null check (number >= 1),
  reporting_date  date not null,
  status          text not null default 'COLLECTING'
                  check (status in ('PLANNED', 'COLLECTING', 'IN_REVIEW', 'PUBLISHED')),
  -- the last published revision; 0 while the round has never been published. A correction
  -- reopens the round (IN_REVIEW) and its next publication becomes revision + 1.
  revision        int not null default 0,
  created_at      timestamptz not null default now(),
  unique (operation_id, number)
);

create table tracking.round_revision (
  round_id       bigint not null references tracking.round (id) on delete cascade,
  revision       int not null,
  published_at   timestamptz not null default now(),
  published_by   text not null,
  justification  text,
  reason         text,             -- why the round was reopened, for revisions > 1
  changes        jsonb not null default '{}'::jsonb, -- what changed since the previous revision
  primary key (round_id, revision)
);

create table tracking.assessment_import (
  id            bigserial primary key,
  operation_id  bigint not null references geography.operation (id) on delete cascade,
  round_id      bigint references tracking.round (id) on delete cascade,
  file_name     text,
  format        text not null,
  shape         text not null,     -- HXL_TABLE or DTM_API
  rows          int not null default 0,
  report        jsonb not null default '{}'::jsonb,
  created_by    text not null,
  created_at    timestamptz not null default now()
);

create table tracking.assessment (
  id               bigserial primary key,
  round_id         bigint not null references tracking.round (id) on delete cascade,
  assessment_type  text not null check (assessment_type in ('BA', 'SA', 'ETT')),
  admin_unit_id    bigint not null references geography.admin_unit (id),
  location_id      bigint references geography.location (id),
  place            text not null,  -- the place as written for people: P-code or location code
  informants       int check (informants >= 0),
  collected_on     date,
  event_date       date,           -- emergency events
  event_cause      text,
  import_id        bigint references tracking.assessment_import (id) on delete set null,
  source_row       bigint,
  created_at       timestamptz not null default now()
);
create index assessment_round on tracking.assessment (round_id, assessment_type);
create index assessment_admin_unit on tracking.assessment (admin_unit_id);
create index assessment_location on tracking.assessment (location_id);

create table tracking.population_figure (
  id                    bigserial primary key,
  assessment_id         bigint not null references tracking.assessment (id) on delete cascade,
  population_group      text not null check (population_group in ('IDP', 'RETURNEE', 'MIGRANT', 'HOST')),
  reason                text,       -- null: not reported
  origin_admin_unit_id  bigint references geography.admin_unit (id),
  arrival_period        text,
  shelter               text,
  households            int check (households >= 0),
  individuals           int check (individuals >= 0),
  males                 int check (males >= 0),
  females               int check (females >= 0),
  -- counts per operation sex-and-age band: female bands in band order, then male bands
  sex_age               int[]
);
create index population_figure_assessment on tracking.population_figure (assessment_id);

create table tracking.validation_flag (
  id             bigserial primary key,
  round_id       bigint not null references tracking.round (id) on delete cascade,
  rule_code      text not null,
  severity       text not null check (severity in ('ERROR', 'WARNING')),
  -- RULE flags are recomputed by validation; IMPORT flags come from a file (e.g. upper-level
  -- rows that disagree with the sums below them) and stay until the import is replaced.
  source         text not null default 'RULE' check (source in ('RULE', 'IMPORT')),
  assessment_id  bigint references tracking.assessment (id) on delete cascade,
  import_id      bigint references tracking.assessment_import (id) on delete cascade,
  place          text not null,
  message        text not null,
  details        jsonb not null default '{}'::jsonb,
  -- stable identity of "the same problem at the same place", so a justification survives
  -- re-validation
  fingerprint    text not null,
  status         text not null default 'OPEN' check (status in ('OPEN', 'JUSTIFIED', 'RESOLVED')),
  justification  text,
  decided_by     text,
  decided_at     timestamptz,
  created_at     timestamptz not null default now(),
  unique (round_id, fingerprint)
);
create index validation_flag_round on tracking.validation_flag (round_id, severity, status);

-- An explicit column mapping saved per operation: header text -> field, for files without HXL.
create table tracking.column_mapping (
  operation_id  bigint not null references geography.operation (id) on delete cascade,
  name          text not null,
  mapping       jsonb not null,
  created_at    timestamptz not null default now(),
  primary key (operation_id, name)
);
