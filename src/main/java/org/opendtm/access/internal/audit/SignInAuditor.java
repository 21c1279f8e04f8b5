package org.opendtm.access.internal.audit;

import java.util.Map;
import org.opendtm.access.AuditEntry.ActorKind;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Records every sign-in and every failed attempt, from Spring Security's authentication events
 * (published for HTTP Basic and form login by the {@code AuthenticationEventPublisher} of {@link
 * AuditConfiguration}). The attempted user name is the actor; the password never appears.
 */
@Component
class SignInAuditor {

  private final AuditLog audit;

  SignInAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void succeeded(AuthenticationSuccessEvent event) {
    String user = event.getAuthentication().getName();
    audit.recordAs(
        user,
        ActorKind.USER,
        "sign-in.success",
        null,
        user,
        Outcome.SUCCESS,
        Map.of("method", method(event.getAuthentication())));
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    String attempted = event.getAuthentication().getName();
    audit.recordAs(
        attempted,
        ActorKind.ANONYMOUS,
        "sign-in.failure",
        null,
        null,
        Outcome.FAILURE,
        Map.of(
            "method",
            method(event.getAuthentication()),
            "reason",
            event.getException().getClass().getSimpleName()));
  }

  private static String method(org.springframework.security.core.Authentication authentication) {
    return authentication.getClass().getSimpleName().replace("AuthenticationToken", "");
  }
}
