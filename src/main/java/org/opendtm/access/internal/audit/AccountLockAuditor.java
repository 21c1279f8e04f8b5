package org.opendtm.access.internal.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opendtm.access.AccountLocked;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records {@code account.locked} when too many failed sign-ins lock an account: the system locks
 * it, the account is the target, the address is the one of the attempt that locked it.
 */
@Component
class AccountLockAuditor {

  private final AuditLog audit;

  AccountLockAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void locked(AccountLocked event) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("failures", event.failures());
    details.put("lockedUntil", event.lockedUntil().toString());
    if (event.remoteAddress() != null) details.put("remoteAddress", event.remoteAddress());
    audit.recordAs(
        "system",
        ActorKind.SYSTEM,
        "account.locked",
        null,
        event.username(),
        Outcome.SUCCESS,
        details);
  }
}
