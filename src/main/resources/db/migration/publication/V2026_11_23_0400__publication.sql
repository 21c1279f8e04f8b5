-- publication: the aggregates of published round revisions, denormalised for fast public reads.
create schema if not exists publication;

create table publication.published_round (
  round_id        bigint not null,
  revision        int not null,
  operation_id    bigint not null,
  operation_code  text not null,
  round_number    int not null,
  reporting_date  date not null,
  published_at    timestamptz not null default now(),
  current         boolean not null,   -- the revision partners see
  primary key (round_id, revision)
);
create unique index published_round_current on publication.published_round (round_id) where current;
create index published_round_operation on publication.published_round (operation_id, round_number) where current;

-- One row per revision x assessment type x admin level x unit x group x reason x origin admin 1.
-- Names and P-codes are copied as they were at publication, so a revision reads the same forever.
create table publication.aggregate (
  id                  bigserial primary key,
  round_id            bigint not null,
  revision            int not null,
  operation_id        bigint not null,
  round_number        int not null,
  reporting_date      date not null,
  assessment_type     text not null,
  admin_level         smallint not null,
  admin_unit_id       bigint not null,
  admin0_pcode        text, admin0_name text,
  admin1_pcode        text, admin1_name text,
  admin2_pcode        text, admin2_name text,
  admin3_pcode        text, admin3_name text,
  population_group    text not null,
  reason              text not null,          -- 'Not reported' when none
  origin_admin1_id    bigint,
  origin_admin1_pcode text,                   -- null: not available
  origin_admin1_name  text,
  households          bigint not null default 0,
  individuals         bigint not null default 0,
  males               bigint not null default 0,
  females             bigint not null default 0,
  places              int not null default 0, -- assessments counted in the cell
  foreign key (round_id, revision) references publication.published_round (round_id, revision) on delete cascade
);
create index aggregate_lookup on publication.aggregate (operation_id, admin_level, population_group, round_number);
create index aggregate_round on publication.aggregate (round_id, revision, admin_level);
