-- access: account hardening (issue 4) — failed sign-ins per account and API tokens.

-- Failed sign-ins of one account in the current window (one hour from the first failure). Kept in
-- the database so that a restart does not reset the count; a successful sign-in deletes the row.
create table access.sign_in_failure (
  user_id         bigint primary key references access.app_user (id) on delete cascade,
  window_start    timestamptz not null,
  failures        integer not null check (failures > 0),
  last_failure_at timestamptz not null,
  locked_until    timestamptz
);

alter table access.app_user add column password_changed_at timestamptz;

-- API tokens: only the SHA-256 of the token is stored; the token itself is shown once.
create table access.api_token (
  id           bigserial primary key,
  user_id      bigint not null references access.app_user (id) on delete cascade,
  name         text not null check (length(name) between 1 and 100),
  token_hash   bytea not null unique check (length(token_hash) = 32),
  token_hint   text not null,
  operations   text[] not null check (cardinality(operations) > 0),
  rights       text[] not null check (cardinality(rights) > 0),
  created_at   timestamptz not null,
  expires_at   timestamptz not null check (expires_at > created_at),
  revoked_at   timestamptz
);
create index api_token_user on access.api_token (user_id);
