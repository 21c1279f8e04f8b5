package org.opendtm.access;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A data-sharing agreement: {@code partner} — or every partner of the operation working for {@code
 * organisation} — may read {@code datasets} of the operation from {@code startDate} (inclusive) to
 * {@code endDate} (exclusive), for {@code purpose}. Exactly one of {@code partner} and {@code
 * organisation} is set.
 *
 * @param status {@code scheduled}, {@code active}, {@code ended} or {@code revoked}, as of today
 */
public record SharingAgreement(
    long id,
    String operation,
    String partner,
    String organisation,
    List<String> datasets,
    String purpose,
    LocalDate startDate,
    LocalDate endDate,
    String createdBy,
    Instant createdAt,
    String revokedBy,
    Instant revokedAt,
    String status) {

  /** What a data-protection officer asks for: a partner's user name or an organisation. */
  public record Request(
      String partner,
      String organisation,
      List<String> datasets,
      String purpose,
      LocalDate startDate,
      LocalDate endDate) {}

  /** Who the agreement is with: the partner's user name, or {@code organisation NAME}. */
  public String party() {
    return partner != null ? partner : "organisation " + organisation;
  }
}
