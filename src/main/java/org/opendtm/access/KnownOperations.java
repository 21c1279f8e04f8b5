package org.opendtm.access;

/**
 * Which operation codes exist. Operations belong to the geography module, which depends on this
 * one, so it implements this interface for the access module's member administration.
 */
public interface KnownOperations {

  boolean exists(String operationCode);
}
