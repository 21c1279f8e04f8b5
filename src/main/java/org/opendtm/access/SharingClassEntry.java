package org.opendtm.access;

/**
 * The sharing class of a dataset ({@code field} empty) or of one of its fields in an operation.
 *
 * @param isDefault true when the operation has not chosen a class and the built-in one applies
 * @param shareable false for datasets no agreement may cover
 */
public record SharingClassEntry(
    String dataset, String field, SharingClass sharingClass, boolean isDefault, boolean shareable) {

  /** One class to set: {@code field} may be null or empty for the dataset as a whole. */
  public record Change(String dataset, String field, SharingClass sharingClass) {}
}
