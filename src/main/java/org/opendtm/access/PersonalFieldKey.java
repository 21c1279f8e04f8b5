package org.opendtm.access;

/**
 * Names one personal field of one record: e.g. operation {@code CAF}, dataset {@code households},
 * record {@code HH-0042}, field {@code phone}. None of the four may itself be personal data.
 */
public record PersonalFieldKey(
    String operationCode, String dataset, String recordKey, String field) {

  public PersonalFieldKey {
    for (String part : new String[] {operationCode, dataset, recordKey, field}) {
      if (part == null || part.isBlank()) {
        throw new IllegalArgumentException("operation, dataset, record and field are all needed");
      }
    }
  }
}
