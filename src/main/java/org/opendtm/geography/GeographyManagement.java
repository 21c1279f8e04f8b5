package org.opendtm.geography;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.opendtm.geography.internal.Countries;
import org.opendtm.geography.internal.Operations;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operations and their geography: the public face of the geography module. */
@Service
public class GeographyManagement {

  private final Operations operations;

  GeographyManagement(Operations operations) {
    this.operations = operations;
  }

  /** Opens an operation; bands and reasons default to DTM's usual lists. */
  @Transactional
  public Operation createOperation(NewOperation request) {
    String iso3 = request.countryIso3().toUpperCase(Locale.ROOT);
    String countryName = request.countryName();
    if (countryName == null || countryName.isBlank()) {
      countryName =
          Countries.englishName(iso3)
              .orElseThrow(
                  () ->
                      new OpenDtmException(
                          GeographyErrorCode.UNKNOWN_COUNTRY,
                          iso3
                              + " is not an ISO 3166-1 alpha-3 code known here; give countryName"
                              + " for a user-assigned code",
                          List.of(new InputError(null, "countryIso3", iso3, "unknown country"))));
    }
    if (operations.findByCode(request.code()).isPresent()) {
      throw new OpenDtmException(
          GeographyErrorCode.OPERATION_EXISTS,
          "An operation with code " + request.code() + " exists already",
          List.of(new InputError(null, "code", request.code(), "already used")));
    }
    long id =
        operations.insert(
            request.code(),
            request.name().strip(),
            iso3,
            countryName,
            request.adminLevels() == null ? 3 : request.adminLevels(),
            request.sexAgeBands() == null || request.sexAgeBands().isEmpty()
                ? NewOperation.DEFAULT_BANDS
                : request.sexAgeBands(),
            request.reasons() == null || request.reasons().isEmpty()
                ? NewOperation.DEFAULT_REASONS
                : request.reasons(),
            OperationSettings.defaults());
    return operations.findById(id).orElseThrow();
  }

  public Optional<Operation> findOperation(String code) {
    return operations.findByCode(code);
  }

  /** The operation with this code, or a 404 problem. */
  public Operation getOperation(String code) {
    return operations
        .findByCode(code)
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.OPERATION_NOT_FOUND, "No operation with code " + code));
  }

  public Operation getOperation(long id) {
    return operations
        .findById(id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    GeographyErrorCode.OPERATION_NOT_FOUND, "No operation with id " + id));
  }

  public List<Operation> listOperations() {
    return operations.list();
  }

  @Transactional
  public Operation updateSettings(String code, OperationSettings settings) {
    Operation operation = getOperation(code);
    operations.updateSettings(operation.id(), settings);
    return getOperation(code);
  }
}
