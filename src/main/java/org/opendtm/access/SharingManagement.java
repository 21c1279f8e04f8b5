package org.opendtm.access;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.internal.SharingAgreements;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing classes of an operation's datasets and its data-sharing agreements. Agreements take
 * effect in {@link AccessPolicy}: a partner of the operation holds the read rights of the covered
 * datasets while the agreement is active. Every change is recorded in the audit log.
 */
@Service
public class SharingManagement {

  /** The longest an agreement covering a for-urgent-action dataset may run, from today. */
  public static final int URGENT_ACTION_MAX_DAYS = 30;

  private final SharingAgreements agreements;
  private final UserManagement users;
  private final AuditLog audit;
  private final AccessPolicy access;
  private final Clock clock;

  SharingManagement(
      SharingAgreements agreements,
      UserManagement users,
      AuditLog audit,
      AccessPolicy access,
      Clock clock) {
    this.agreements = agreements;
    this.users = users;
    this.audit = audit;
    this.access = access;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** The class of every dataset and class-carrying field of the operation. */
  public List<SharingClassEntry> classes(String operationCode) {
    Map<String, SharingClass> chosen = agreements.classes(operationCode);
    List<SharingClassEntry> entries = new ArrayList<>();
    for (SharedDataset dataset : SharedDataset.values()) {
      entries.add(entry(chosen, dataset, "", dataset.defaultClass()));
      dataset.fieldDefaults().forEach((field, c) -> entries.add(entry(chosen, dataset, field, c)));
    }
    return entries;
  }

  /** The effective class of a dataset ({@code field} empty) or field in the operation. */
  public SharingClass classOf(String operationCode, SharedDataset dataset, String field) {
    SharingClass chosen = agreements.classes(operationCode).get(dataset.code() + "\0" + field);
    if (chosen != null) return chosen;
    return field.isEmpty()
        ? dataset.defaultClass()
        : dataset.fieldDefaults().getOrDefault(field, dataset.defaultClass());
  }

  private static SharingClassEntry entry(
      Map<String, SharingClass> chosen, SharedDataset dataset, String field, SharingClass def) {
    SharingClass c = chosen.get(dataset.code() + "\0" + field);
    return new SharingClassEntry(
        dataset.code(), field, c == null ? def : c, c == null, dataset.shareable());
  }

  /**
   * Sets classes of the operation, all or none. For now only sensitive datasets may move between
   * SENSITIVE and URGENT_ACTION: published aggregates stay PUBLIC (their public side is governed by
   * disclosure control), nothing else may become PUBLIC, and {@code audit} and {@code
   * personal-data} stay SENSITIVE.
   *
   * @throws OpenDtmException 422 listing every refused change
   */
  @Transactional
  public List<SharingClassEntry> setClasses(
      String operationCode, List<SharingClassEntry.Change> changes) {
    List<InputError> errors = new ArrayList<>();
    if (changes == null || changes.isEmpty()) {
      errors.add(InputError.field("classes", "give at least one dataset and its class"));
    } else {
      for (int i = 0; i < changes.size(); i++) {
        SharingClassEntry.Change change = changes.get(i);
        String where = "[" + i + "]";
        if (change == null || change.sharingClass() == null) {
          errors.add(
              InputError.field(where + ".sharingClass", "give PUBLIC, SENSITIVE or URGENT_ACTION"));
          continue;
        }
        Optional<SharedDataset> dataset = SharedDataset.byCode(change.dataset());
        String field = change.field() == null ? "" : change.field();
        if (dataset.isEmpty()) {
          errors.add(InputError.field(where + ".dataset", "unknown dataset " + change.dataset()));
        } else if (!field.isEmpty() && !dataset.get().fieldDefaults().containsKey(field)) {
          errors.add(
              InputError.field(
                  where + ".field", "dataset " + change.dataset() + " has no field " + field));
        } else if (!dataset.get().shareable() && change.sharingClass() != SharingClass.SENSITIVE) {
          errors.add(
              InputError.field(
                  where + ".sharingClass",
                  change.dataset() + " is never shareable: it stays SENSITIVE"));
        } else if (dataset.get() == SharedDataset.PUBLISHED_AGGREGATES
            && change.sharingClass() != SharingClass.PUBLIC) {
          errors.add(
              InputError.field(
                  where + ".sharingClass",
                  "published aggregates stay PUBLIC (disclosure control protects them)"));
        } else if (dataset.get() != SharedDataset.PUBLISHED_AGGREGATES
            && change.sharingClass() == SharingClass.PUBLIC) {
          errors.add(
              InputError.field(
                  where + ".sharingClass",
                  change.dataset() + " cannot be made PUBLIC: share it under an agreement"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT, "Sharing classes not changed.", errors);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    for (SharingClassEntry.Change change : changes) {
      String field = change.field() == null ? "" : change.field();
      agreements.setClass(
          operationCode, change.dataset(), field, change.sharingClass(), access.currentUser());
      details.put(
          field.isEmpty() ? change.dataset() : change.dataset() + "." + field,
          change.sharingClass().name());
    }
    audit.record("sharing.classes", operationCode, "sharing classes", Outcome.SUCCESS, details);
    return classes(operationCode);
  }

  /** The operation's agreements, oldest first, with their status as of today. */
  public List<SharingAgreement> agreements(String operationCode) {
    return agreements.list(operationCode, today());
  }

  /**
   * Makes an agreement with one partner, who must hold the PARTNER role in the operation, or with
   * an organisation, covering those of its people who hold the PARTNER role there (now or later:
   * membership is read at each request). The datasets must be known, shareable and not public; a
   * for-urgent-action dataset needs an end date within 30 days of today.
   *
   * @throws OpenDtmException 422 listing every problem; nothing is stored then
   */
  @Transactional
  public SharingAgreement create(String operationCode, SharingAgreement.Request request) {
    List<InputError> errors = new ArrayList<>();
    boolean byPartner = request.partner() != null && !request.partner().isBlank();
    boolean byOrganisation = request.organisation() != null && !request.organisation().isBlank();
    if (byPartner == byOrganisation) {
      errors.add(
          InputError.field(
              "partner",
              "give either the partner's user name or an organisation (covering its partners)"));
    } else if (byOrganisation) {
      String problem = UserManagement.organisationProblem(request.organisation());
      if (problem != null) errors.add(InputError.field("organisation", problem));
    } else if (!users.exists(request.partner())
        || !users.rolesOf(request.partner(), operationCode).contains(OperationRole.PARTNER)) {
      errors.add(
          InputError.field(
              "partner", request.partner() + " is not a PARTNER of operation " + operationCode));
    }
    if (request.purpose() == null || request.purpose().isBlank()) {
      errors.add(InputError.field("purpose", "say what the data is shared for"));
    } else if (request.purpose().length() > 2000) {
      errors.add(InputError.field("purpose", "at most 2000 characters"));
    }
    if (request.startDate() == null) errors.add(InputError.field("startDate", "required"));
    if (request.endDate() == null) errors.add(InputError.field("endDate", "required"));
    if (request.startDate() != null
        && request.endDate() != null
        && !request.endDate().isAfter(request.startDate())) {
      errors.add(InputError.field("endDate", "must be after the start date (it is exclusive)"));
    }
    boolean urgent = false;
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    if (request.datasets() == null || request.datasets().isEmpty()) {
      errors.add(InputError.field("datasets", "name at least one dataset"));
    } else {
      for (String code : request.datasets()) {
        Optional<SharedDataset> dataset = SharedDataset.byCode(code);
        if (dataset.isEmpty()) {
          errors.add(InputError.field("datasets", "unknown dataset " + code));
        } else if (!dataset.get().shareable()) {
          errors.add(InputError.field("datasets", code + " can never be shared"));
        } else if (!seen.add(code)) {
          errors.add(InputError.field("datasets", code + " is named twice"));
        } else {
          SharingClass c = classOf(operationCode, dataset.get(), "");
          if (c == SharingClass.PUBLIC) {
            errors.add(InputError.field("datasets", code + " is public: no agreement needed"));
          }
          urgent |= c == SharingClass.URGENT_ACTION;
        }
      }
    }
    if (urgent
        && request.endDate() != null
        && request.endDate().isAfter(today().plusDays(URGENT_ACTION_MAX_DAYS))) {
      errors.add(
          InputError.field(
              "endDate",
              "a for-urgent-action dataset may be shared for at most "
                  + URGENT_ACTION_MAX_DAYS
                  + " days: end on "
                  + today().plusDays(URGENT_ACTION_MAX_DAYS)
                  + " at the latest"));
    }
    if (!errors.isEmpty()) {
      audit.record(
          "sharing.agreement.create",
          operationCode,
          byOrganisation ? "organisation " + request.organisation().strip() : request.partner(),
          Outcome.FAILURE,
          Map.of("problems", errors.size()));
      throw new OpenDtmException(AccessErrorCode.INVALID_INPUT, "No agreement made.", errors);
    }
    SharingAgreement.Request stored =
        new SharingAgreement.Request(
            byPartner ? request.partner() : null,
            byOrganisation ? UserManagement.normaliseOrganisation(request.organisation()) : null,
            request.datasets(),
            request.purpose(),
            request.startDate(),
            request.endDate());
    long id = agreements.insert(operationCode, stored, access.currentUser());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("agreement", id);
    if (byPartner) details.put("partner", stored.partner());
    else details.put("organisation", stored.organisation());
    details.put("datasets", request.datasets());
    details.put("startDate", request.startDate().toString());
    details.put("endDate", request.endDate().toString());
    audit.record(
        "sharing.agreement.create", operationCode, "agreement " + id, Outcome.SUCCESS, details);
    return agreements.find(operationCode, id, today()).orElseThrow();
  }

  /**
   * Revokes an agreement at once.
   *
   * @throws NotFoundException 404 when the operation has no such agreement not yet revoked
   */
  @Transactional
  public SharingAgreement revoke(String operationCode, long id) {
    if (!agreements.revoke(operationCode, id, access.currentUser())) {
      throw new NotFoundException(
          AccessErrorCode.UNKNOWN_AGREEMENT,
          "Operation " + operationCode + " has no agreement " + id + " in force to revoke.");
    }
    SharingAgreement revoked = agreements.find(operationCode, id, today()).orElseThrow();
    audit.record(
        "sharing.agreement.revoke",
        operationCode,
        "agreement " + id,
        Outcome.SUCCESS,
        Map.of("agreement", id, "party", revoked.party()));
    return revoked;
  }
}
