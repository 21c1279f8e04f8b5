package org.opendtm.access;

import static org.opendtm.access.OperationRole.DATA_PROTECTION;
import static org.opendtm.access.OperationRole.ENUMERATOR;
import static org.opendtm.access.OperationRole.MANAGER;
import static org.opendtm.access.OperationRole.PARTNER;
import static org.opendtm.access.OperationRole.REVIEWER;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What may be done in one operation, and which roles may do it. This enum is the one place where
 * rights are decided: endpoints name a right ({@link Allow}), {@code GET /api/v1/roles} lists it,
 * and the table in {@code docs/security.md} is checked against it by a test. Platform
 * administrators hold every right in every operation.
 */
public enum Right {
  VIEW_OPERATION(
      "See the operation: name, country, admin levels, settings",
      MANAGER,
      REVIEWER,
      ENUMERATOR,
      PARTNER,
      DATA_PROTECTION),
  READ_GEOGRAPHY("Read admin units and boundaries", MANAGER, REVIEWER, PARTNER, DATA_PROTECTION),
  READ_LOCATIONS(
      "Read sites, villages and other locations with their coordinates",
      MANAGER,
      REVIEWER,
      DATA_PROTECTION),
  READ_PUBLISHED(
      "Read published figures: aggregates, time series, published revisions",
      MANAGER,
      REVIEWER,
      PARTNER,
      DATA_PROTECTION),
  READ_FULL_FIGURES(
      "Read published figures in full: small counts, households, every population group and admin"
          + " level (without it, published figures are shown as the public DTM API shows them)",
      MANAGER,
      REVIEWER,
      DATA_PROTECTION),
  READ_ROUNDS(
      "Read rounds in any status, their validation flags and sign-offs",
      MANAGER,
      REVIEWER,
      DATA_PROTECTION),
  READ_ASSESSMENTS(
      "Read assessments and their figures before publication", MANAGER, REVIEWER, DATA_PROTECTION),
  READ_COLUMN_MAPPINGS(
      "Read the column mappings used by imports", MANAGER, REVIEWER, DATA_PROTECTION),
  READ_MEMBERS("See who holds which role in the operation", MANAGER, DATA_PROTECTION),
  EDIT_SETTINGS("Change the operation's settings (thresholds, public admin level)", MANAGER),
  EDIT_GEOGRAPHY("Import P-codes, locations, boundaries and crosswalks", MANAGER),
  OPEN_ROUNDS("Open a new round", MANAGER),
  IMPORT_ASSESSMENTS("Import assessment files and save column mappings", MANAGER),
  CORRECT_ASSESSMENTS(
      "Correct or delete assessments (the round is re-validated)", MANAGER, REVIEWER),
  VALIDATE_ROUNDS("Re-validate a round and submit it for review", MANAGER, REVIEWER),
  SIGN_OFF("Justify warnings and publish a round", REVIEWER),
  REOPEN_ROUNDS("Reopen a published round for a correction", MANAGER, REVIEWER),
  MANAGE_MEMBERS("Create accounts and grant or withdraw roles in the operation", MANAGER),
  READ_AUDIT("Search and export the operation's audit log", DATA_PROTECTION),
  MANAGE_SHARING(
      "Set the operation's sharing classes; make and revoke data-sharing agreements",
      DATA_PROTECTION),
  RELEASE_MICRODATA(
      "Assess the re-identification risk of microdata and release it anonymised", DATA_PROTECTION),
  MANAGE_FORMS(
      "Upload XLSForms, publish or close form versions, bind form fields to figures", MANAGER),
  SUBMIT_FORMS(
      "Download the operation's open forms and send submissions (ODK Collect, KoboCollect)",
      ENUMERATOR,
      MANAGER),
  READ_SUBMISSIONS(
      "Read and export submissions and their attachments", MANAGER, REVIEWER, DATA_PROTECTION),
  REVIEW_SUBMISSIONS(
      "Edit, approve or reject submissions (edits are kept as revisions)", MANAGER, REVIEWER),
  READ_PERSONAL_DATA(
      "Read personal fields (names, phone numbers, exact household coordinates, ID numbers)",
      MANAGER);

  private final String description;
  private final Set<OperationRole> holders;

  Right(String description, OperationRole... holders) {
    this.description = description;
    this.holders = Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(holders)));
  }

  /** One sentence saying what the right allows. */
  public String description() {
    return description;
  }

  /** The roles holding this right (platform administrators hold every right besides). */
  public Set<OperationRole> holders() {
    return holders;
  }

  /** The rights a set of roles holds together. */
  public static Set<Right> heldBy(Set<OperationRole> roles) {
    Set<Right> rights = EnumSet.noneOf(Right.class);
    for (Right right : values()) {
      if (right.holders.stream().anyMatch(roles::contains)) rights.add(right);
    }
    return rights;
  }
}
