-- Disabling accounts: who disabled an account and when, and the moment before which every session
-- of the account is void (set when it is disabled; sessions begin at sign-in).
alter table access.app_user
  add column disabled_at         timestamptz,
  add column disabled_by         text,
  add column sessions_revoked_at timestamptz;

create index app_user_sessions_revoked on access.app_user (sessions_revoked_at)
  where sessions_revoked_at is not null;
