package org.opendtm.platform;

/** Something named in a request does not exist, or the caller may not know that it does. */
public class NotFoundException extends OpenDtmException {

  public NotFoundException(ErrorCode code, String detail) {
    super(code, detail);
  }
}
