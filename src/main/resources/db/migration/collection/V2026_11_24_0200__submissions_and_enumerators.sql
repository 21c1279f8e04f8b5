-- collection: submissions as received from ODK Collect / KoboCollect / Enketo, their attachments,
-- and enumerators' collect credentials.

-- One row per instanceID per operation: the unique key is what makes retries idempotent, also when
-- 32 clients post the same instance at once (insert ... on conflict do nothing).
create table collection.submission (
  id                bigserial primary key,
  operation_code    text not null,
  form_id           text not null,
  form_version      text not null,
  form_version_ref  bigint not null references collection.form_version (id),
  instance_id       text not null,
  instance_name     text,
  device_id         text,
  submitter         text not null,
  received_at       timestamptz not null default now(),
  state             text not null default 'RECEIVED'
                    check (state in ('RECEIVED', 'APPROVED', 'REJECTED', 'DELETED')),
  xml               bytea not null,          -- the xml_submission_file exactly as received
  xml_sha256        bytea not null,          -- compared on a retry: same bytes = same submission
  unique (operation_code, instance_id)
);

create index submission_by_form on collection.submission (operation_code, form_id, received_at, id);

-- Attachments live in the database next to their submission, so that one commit makes both
-- durable and a backup of the database is a backup of everything acknowledged.
create table collection.submission_attachment (
  submission_ref  bigint not null references collection.submission (id) on delete cascade,
  filename        text not null,
  content_type    text not null,
  size            bigint not null,
  sha256          bytea not null,
  content         bytea not null,
  received_at     timestamptz not null default now(),
  primary key (submission_ref, filename)
);

-- Collect credentials of enumerator accounts, kept apart from the web password: the Digest secrets
-- (HA1 = H(username:realm:password), MD5 and SHA-256) encrypted with the platform's AES-GCM keys,
-- and the SHA-256 of the token in the enumerator's server URL (/openrosa/{op}/key/{token}).
create table collection.enumerator (
  id               bigserial primary key,
  operation_code   text not null,
  username         text not null unique,
  display_name     text not null,
  realm            text not null,
  ha1_md5          bytea not null,
  ha1_sha256       bytea not null,
  token_sha256     bytea not null unique,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  revoked_at       timestamptz,
  revoked_by       text
);

create index enumerator_by_operation on collection.enumerator (operation_code, username);
