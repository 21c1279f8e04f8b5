package org.opendtm.collection;

import java.time.OffsetDateTime;

/**
 * One version of a form, without its XForm text.
 *
 * @param md5 hex MD5 of the XForm, as OpenRosa form lists show it ("md5:" + this)
 */
public record FormVersionInfo(
    String formId,
    String version,
    String title,
    String md5,
    String xlsformName,
    String createdBy,
    OffsetDateTime createdAt) {}
