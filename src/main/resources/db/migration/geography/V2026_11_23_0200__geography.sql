-- geography: operations, their admin units (versioned), crosswalks and locations.
create schema if not exists geography;

create table geography.operation (
  id            bigserial primary key,
  code          text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$'),
  name          text not null,
  country_iso3  char(3) not null check (country_iso3 ~ '^[A-Z]{3}$'),
  country_name  text not null,
  admin_levels  smallint not null default 3 check (admin_levels between 1 and 5),
  -- sex-and-age bands as codes, e.g. {0_0,1_5,6_17,18_59,60}; counts are stored female bands
  -- first, then male bands, in this order.
  sex_age_bands text[] not null,
  reasons       text[] not null,
  status        text not null default 'ACTIVE' check (status in ('ACTIVE', 'INACTIVE')),
  -- validation and publication settings (household size range, change threshold, ...)
  settings      jsonb not null default '{}'::jsonb,
  created_at    timestamptz not null default now()
);

-- An admin unit is valid from valid_from (inclusive) to valid_to (exclusive; null = current).
-- A rename, split or merge retires units and creates new ones, linked by the crosswalk.
create table geography.admin_unit (
  id           bigserial primary key,
  operation_id bigint not null references geography.operation (id) on delete cascade,
  level        smallint not null check (level between 0 and 5),
  pcode        text not null,
  name         text not null,
  parent_id    bigint references geography.admin_unit (id),
  valid_from   date not null default date '1900-01-01',
  valid_to     date,
  geometry     bytea,          -- WKB, EPSG:4326, full resolution
  provisional  boolean not null default false, -- created from an assessment file, to be reviewed
  created_at   timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from)
);
create unique index admin_unit_current_pcode on geography.admin_unit (operation_id, pcode) where valid_to is null;
create index admin_unit_pcode on geography.admin_unit (operation_id, pcode);
create index admin_unit_parent on geography.admin_unit (parent_id);
create index admin_unit_level on geography.admin_unit (operation_id, level);

-- The flattened hierarchy: one row per unit with its ancestor at every level (itself at its own
-- level), so a total at any level is one join.
create table geography.admin_unit_ancestry (
  unit_id      bigint primary key references geography.admin_unit (id) on delete cascade,
  operation_id bigint not null,
  level        smallint not null,
  adm0_id      bigint,
  adm1_id      bigint,
  adm2_id      bigint,
  adm3_id      bigint,
  adm4_id      bigint,
  adm5_id      bigint
);
create index admin_unit_ancestry_operation on geography.admin_unit_ancestry (operation_id, level);

create table geography.admin_crosswalk (
  from_unit_id bigint not null references geography.admin_unit (id) on delete cascade,
  to_unit_id   bigint not null references geography.admin_unit (id) on delete cascade,
  share        numeric(9, 8) not null check (share > 0 and share <= 1),
  primary key (from_unit_id, to_unit_id)
);
create index admin_crosswalk_to on geography.admin_crosswalk (to_unit_id);

create table geography.location (
  id             bigserial primary key,
  operation_id   bigint not null references geography.operation (id) on delete cascade,
  code           text not null,
  name           text not null,
  kind           text not null check (kind in ('SITE', 'VILLAGE', 'NEIGHBOURHOOD', 'FLOW_MONITORING_POINT', 'OTHER')),
  admin_unit_id  bigint not null references geography.admin_unit (id),
  latitude       double precision check (latitude between -90 and 90),
  longitude      double precision check (longitude between -180 and 180),
  -- the unit whose boundary holds the point, when it is not admin_unit_id (flagged for review)
  boundary_unit_id bigint references geography.admin_unit (id),
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  unique (operation_id, code)
);
create index location_admin_unit on geography.location (admin_unit_id);

-- What the P-code normaliser matched, so that it is reported and reviewable, never silent.
create table geography.pcode_alias (
  operation_id bigint not null references geography.operation (id) on delete cascade,
  written      text not null,
  unit_id      bigint not null references geography.admin_unit (id) on delete cascade,
  rule         text not null,
  first_seen   timestamptz not null default now(),
  primary key (operation_id, written)
);
