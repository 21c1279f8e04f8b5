-- collection: the fields of every form version, kept with the version so that submissions of an
-- older version are read and exported with their own fields (a field is never silently dropped or
-- shifted), and per form the binding of its fields to places and population figures.
create table collection.form_field (
  form_version_ref bigint not null references collection.form_version (id) on delete cascade,
  position         int not null,               -- order in the form, from 1
  path             text not null,              -- absolute XForm path, /data/group/name
  name             text not null,              -- XLSForm name, unique in the form
  type             text not null,              -- XLSForm type keyword, group, repeat or meta
  data_type        text,                       -- XForm bind type; null for groups and repeats
  choice_list      text,
  label            text,                       -- in the form's default language
  repeat_path      text,                       -- innermost enclosing repeat, or null
  primary key (form_version_ref, position),
  unique (form_version_ref, path)
);

-- which fields give the place, the assessment type and the population figures; validated against
-- the form's fields when stored (JSON: the FormBinding record)
create table collection.form_binding (
  form_ref    bigint primary key references collection.form (id) on delete cascade,
  binding     jsonb not null,
  updated_at  timestamptz not null default now(),
  updated_by  text not null
);
