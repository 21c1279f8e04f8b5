package org.opendtm.geography.internal;

import org.opendtm.access.KnownOperations;
import org.springframework.stereotype.Component;

/** Tells the access module which operation codes exist, for its member administration. */
@Component
class OperationCodes implements KnownOperations {

  private final Operations operations;

  OperationCodes(Operations operations) {
    this.operations = operations;
  }

  @Override
  public boolean exists(String operationCode) {
    return operations.findByCode(operationCode).isPresent();
  }
}
