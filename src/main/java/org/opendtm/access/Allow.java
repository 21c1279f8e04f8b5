package org.opendtm.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint needs a {@link Right} in the operation named by the path variable {@link
 * #operation()} (by default {@code {operation}}). Checked before the handler runs by the access
 * module's interceptor; every handler carries exactly one access annotation ({@code Allow}, {@link
 * AnySignedIn}, {@link PlatformAdminOnly} or {@link PublicPublishedData}) on itself or its class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allow {

  Right value();

  /** The path variable holding the operation code. */
  String operation() default "operation";

  /**
   * When true, the right held in any one operation suffices (for endpoints that are not about one
   * operation, such as creating an account); the handler then scopes what it does itself.
   */
  boolean inAnyOperation() default false;
}
