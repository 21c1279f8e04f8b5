-- access: users and their roles per operation.
create schema if not exists access;

create table access.app_user (
  id             bigserial primary key,
  username       text not null unique check (username ~ '^[A-Za-z0-9._@-]{2,80}$'),
  password_hash  text not null,
  display_name   text,
  platform_admin boolean not null default false,
  enabled        boolean not null default true,
  created_at     timestamptz not null default now()
);

-- A role holds for one operation (by its code): a person can manage one operation and be a
-- partner in another.
create table access.role_assignment (
  user_id        bigint not null references access.app_user (id) on delete cascade,
  operation_code text not null,
  role           text not null check (role in ('MANAGER', 'REVIEWER', 'ENUMERATOR', 'PARTNER', 'DATA_PROTECTION')),
  primary key (user_id, operation_code, role)
);
create index role_assignment_operation on access.role_assignment (operation_code);
