-- publication: the DTM API's cached answers (gzip) kept in the database as well as in memory, so
-- that a restarted server answers from a warm cache at once instead of recomputing hundreds of
-- answers while partners wait (issue 2: p99 < 50 ms, which a cold start missed by 100x). Emptied
-- in the same transaction as any publication or settings change, so it never outlives the data
-- it was computed from.
create table publication.public_response (
  key         text primary key,      -- the normalised query, as JSON
  gzip        bytea not null,
  length      int not null,          -- length of the JSON before compression
  created_at  timestamptz not null default now()
);
