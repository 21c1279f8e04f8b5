-- When each API token was last used, to the minute: written at most once a minute per token.
alter table access.api_token add column last_used_at timestamptz;
