-- Data-sharing agreements are signed by organisations: an account names the organisation it works
-- for, and an agreement names either one partner account (as before) or an organisation, whose
-- partners it then covers. Organisation names match ignoring case.
alter table access.app_user
  add column organisation text
    check (organisation is null or length(btrim(organisation)) between 1 and 200);
create index app_user_organisation on access.app_user (lower(organisation))
  where organisation is not null;

alter table access.sharing_agreement
  alter column partner drop not null,
  add column organisation text,
  add constraint sharing_agreement_one_party check ((partner is null) <> (organisation is null));
create index sharing_agreement_organisation
  on access.sharing_agreement (lower(organisation), operation_code)
  where organisation is not null;
