package org.opendtm.collection;

/**
 * The answer to an XLSForm upload.
 *
 * @param created false when the same version with the same XForm was already stored (an upload
 *     repeated by a client is accepted again without a new version)
 */
public record FormUpload(boolean created, FormVersionInfo version, int fields) {}
