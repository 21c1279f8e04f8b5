package org.opendtm.access;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A data-sharing agreement: {@code partner} may read {@code datasets} of the operation from {@code
 * startDate} (inclusive) to {@code endDate} (exclusive), for {@code purpose}.
 *
 * @param status {@code scheduled}, {@code active}, {@code ended} or {@code revoked}, as of today
 */
public record SharingAgreement(
    long id,
    String operation,
    String partner,
    List<String> datasets,
    String purpose,
    LocalDate startDate,
    LocalDate endDate,
    String createdBy,
    Instant createdAt,
    String revokedBy,
    Instant revokedAt,
    String status) {

  /** What a data-protection officer asks for. */
  public record Request(
      String partner,
      List<String> datasets,
      String purpose,
      LocalDate startDate,
      LocalDate endDate) {}
}
