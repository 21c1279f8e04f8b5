/**
 * The few shared pieces every module needs: problem responses, row-level errors, P-codes, HXL tags,
 * streaming tabular readers and the database bootstrap.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Platform",
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.opendtm.platform;
