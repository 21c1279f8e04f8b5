package org.opendtm.collection;

import java.util.List;

/**
 * The answer to an XLSForm upload.
 *
 * @param created false when the same version with the same XForm was already stored (an upload
 *     repeated by a client is accepted again without a new version)
 * @param fields how many fields the version has (groups, repeats and meta fields included)
 * @param changes how the fields differ from the previous version; empty for a first version or a
 *     repeated upload
 */
public record FormUpload(
    boolean created, FormVersionInfo version, int fields, List<FieldChange> changes) {}
