-- Sharing classes: an operation's own choice of class for a dataset, or for one field of a dataset.
-- A dataset without a row keeps its built-in default (SharedDataset in the code). field = '' is
-- the dataset as a whole; forms will add rows for their fields (issue 5) under dataset 'form:<id>'.
create table access.sharing_class (
  operation_code text not null,
  dataset        text not null,
  field          text not null default '',
  class          text not null check (class in ('PUBLIC', 'SENSITIVE', 'URGENT_ACTION')),
  changed_by     text not null,
  changed_at     timestamptz not null default now(),
  primary key (operation_code, dataset, field)
);

-- Data-sharing agreements: a partner (a user name) may read the listed datasets of the operation
-- from start_date (inclusive) to end_date (exclusive). Revoking keeps the row for the record.
create table access.sharing_agreement (
  id             bigint generated always as identity primary key,
  operation_code text not null,
  partner        text not null,
  datasets       text[] not null check (cardinality(datasets) > 0),
  purpose        text not null check (length(btrim(purpose)) > 0),
  start_date     date not null,
  end_date       date not null,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  revoked_by     text,
  revoked_at     timestamptz,
  check (end_date > start_date)
);
create index sharing_agreement_partner on access.sharing_agreement (partner, operation_code);
