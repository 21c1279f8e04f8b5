-- access: the append-only audit log and the vault of encrypted personal fields.

-- Who did what, when, from where. Never the personal data itself: no request bodies, no
-- passwords, no field values; user names are allowed as actors.
create table access.audit_event (
  id             bigserial primary key,
  at             timestamptz not null default clock_timestamp(),
  actor          text not null,
  actor_kind     text not null check (actor_kind in ('user', 'token', 'anonymous', 'system')),
  operation_code text,
  action         text not null,
  target         text,
  outcome        text not null check (outcome in ('SUCCESS', 'FAILURE', 'DENIED')),
  remote_address text,
  user_agent     text,
  details        jsonb not null default '{}'::jsonb
);
create index audit_event_at on access.audit_event (at);
create index audit_event_operation_at on access.audit_event (operation_code, at);
create index audit_event_actor_at on access.audit_event (actor, at);

-- The database itself refuses to rewrite history, whoever asks (the table owner included): a row
-- trigger for UPDATE and DELETE, a statement trigger for TRUNCATE. Only someone who can drop or
-- disable triggers (a superuser or the owner, with a visible DDL statement) could get around it.
create function access.refuse_audit_change() returns trigger
  language plpgsql as $$
begin
  raise exception 'access.audit_event is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only
  before update or delete on access.audit_event
  for each row execute function access.refuse_audit_change();

create trigger audit_event_no_truncate
  before truncate on access.audit_event
  for each statement execute function access.refuse_audit_change();

-- Personal fields, each encrypted on its own (AES-256-GCM; the associated data binds the
-- ciphertext to operation, dataset, record and field). key_id repeats the key named in the
-- ciphertext's header so that key rotation finds the rows still to rewrite with an index.
create table access.personal_field (
  operation_code text not null,
  dataset        text not null,
  record_key     text not null,
  field          text not null,
  ciphertext     bytea not null,
  key_id         text not null,
  stored_at      timestamptz not null,
  primary key (operation_code, dataset, record_key, field)
);
create index personal_field_key on access.personal_field (key_id);
create index personal_field_retention on access.personal_field (dataset, stored_at);
