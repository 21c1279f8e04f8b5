package org.opendtm.collection;

/** Whether a form is offered to enumerators and accepts submissions. */
public enum FormState {
  OPEN,
  CLOSED
}
