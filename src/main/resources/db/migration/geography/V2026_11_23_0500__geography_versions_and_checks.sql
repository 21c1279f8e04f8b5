-- Bumped by every change of an operation's geography (units, boundaries, crosswalks), so that
-- derived views such as simplified boundaries can be cached and dropped when it changes.
alter table geography.operation add column geography_revision bigint not null default 0;

-- A location whose coordinates fall outside every boundary at its unit's level: boundary_unit_id
-- cannot say that (there is no unit to point at), so this flag does.
alter table geography.location add column outside_boundaries boolean not null default false;

create index admin_unit_current_level on geography.admin_unit (operation_id, level) where valid_to is null;
