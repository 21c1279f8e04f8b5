-- collection: forms and their versions. A form is identified per operation by its XLSForm form_id;
-- every upload of the same form_id is a new version, and every version stays readable so older
-- submissions are shown and exported with their own fields.
create schema if not exists collection;

create table collection.form (
  id              bigserial primary key,
  operation_code  text not null,
  form_id         text not null,
  title           text not null,
  -- OPEN: offered to enumerators in the form list and accepting submissions; CLOSED: neither
  state           text not null default 'OPEN' check (state in ('OPEN', 'CLOSED')),
  created_at      timestamptz not null default now(),
  unique (operation_code, form_id)
);

create table collection.form_version (
  id              bigserial primary key,
  form_ref        bigint not null references collection.form (id) on delete cascade,
  -- the XForm's version attribute (XLSForm settings.version, or a generated timestamp)
  version         text not null,
  title           text not null,
  xform           text not null,             -- the generated XForm XML, as served to clients
  md5             text not null,             -- hex md5 of the XForm bytes, "md5:" + this in formList
  xlsform         bytea,                     -- the uploaded XLSForm, kept for download
  xlsform_name    text,
  created_at      timestamptz not null default now(),
  created_by      text not null,
  unique (form_ref, version)
);

-- the version served to clients is the newest one
create index form_version_latest on collection.form_version (form_ref, id desc);
