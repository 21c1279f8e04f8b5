package org.opendtm.access;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Who may call one endpoint, as declared by its access annotation ({@link Allow}, {@link
 * AnySignedIn}, {@link PlatformAdminOnly}, {@link PublicPublishedData}) on the handler method or,
 * failing that, its class. A few framework endpoints that cannot carry our annotations have their
 * policy declared here instead.
 *
 * @param right the right needed, for {@link Kind#RIGHT}
 * @param operationVariable the path variable naming the operation, for {@link Kind#RIGHT}
 * @param inAnyOperation whether the right held in any one operation suffices
 */
public record EndpointPolicy(
    Kind kind, Right right, String operationVariable, boolean inAnyOperation) {

  /** The kinds of policy, from the most open to the most closed. */
  public enum Kind {
    /** Anyone: published data only. */
    PUBLIC,
    /** Any signed-in user; the handler scopes the answer to the caller. */
    SIGNED_IN,
    /** A right in an operation. */
    RIGHT,
    /** Platform administrators only. */
    PLATFORM_ADMIN
  }

  /**
   * Framework handlers that cannot be annotated, by package: Spring Boot's error page renders the
   * error of a request that has been checked already; springdoc's OpenAPI document and Swagger UI
   * describe the API to signed-in users (the security filter requires a login for them).
   */
  private static final List<FrameworkHandler> FRAMEWORK =
      List.of(
          new FrameworkHandler(
              "org.springframework.boot.autoconfigure.web.servlet.error.", Kind.PUBLIC),
          new FrameworkHandler("org.springdoc.", Kind.SIGNED_IN));

  private record FrameworkHandler(String packagePrefix, Kind kind) {}

  /**
   * The policy of a handler method, empty when none is declared (the request is then refused).
   *
   * @throws IllegalStateException when the method or its class declares more than one policy
   */
  public static Optional<EndpointPolicy> of(Class<?> handlerType, Method method) {
    Optional<EndpointPolicy> declared = declaredOn(method, handlerType);
    if (declared.isEmpty()) declared = declaredOn(handlerType, handlerType);
    if (declared.isPresent() || handlerType.getName().startsWith("org.opendtm.")) return declared;
    return FRAMEWORK.stream()
        .filter(f -> handlerType.getName().startsWith(f.packagePrefix()))
        .findFirst()
        .map(f -> new EndpointPolicy(f.kind(), null, null, false));
  }

  private static Optional<EndpointPolicy> declaredOn(AnnotatedElement element, Class<?> type) {
    List<EndpointPolicy> found = new ArrayList<>();
    Allow allow = AnnotatedElementUtils.findMergedAnnotation(element, Allow.class);
    if (allow != null) {
      found.add(
          new EndpointPolicy(Kind.RIGHT, allow.value(), allow.operation(), allow.inAnyOperation()));
    }
    if (AnnotatedElementUtils.hasAnnotation(element, AnySignedIn.class)) {
      found.add(new EndpointPolicy(Kind.SIGNED_IN, null, null, false));
    }
    if (AnnotatedElementUtils.hasAnnotation(element, PlatformAdminOnly.class)) {
      found.add(new EndpointPolicy(Kind.PLATFORM_ADMIN, null, null, false));
    }
    if (AnnotatedElementUtils.hasAnnotation(element, PublicPublishedData.class)) {
      found.add(new EndpointPolicy(Kind.PUBLIC, null, null, false));
    }
    if (found.size() > 1) {
      throw new IllegalStateException(
          type.getName() + ": " + element + " declares more than one access policy " + found);
    }
    return found.stream().findFirst();
  }

  /** Whether a caller holding {@code roles} in the operation (and not a platform admin) passes. */
  public boolean allows(java.util.Set<OperationRole> roles) {
    return switch (kind) {
      case PUBLIC, SIGNED_IN -> true;
      case PLATFORM_ADMIN -> false;
      case RIGHT -> right.holders().stream().anyMatch(roles::contains);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PUBLIC -> "public";
      case SIGNED_IN -> "any signed-in user";
      case PLATFORM_ADMIN -> "platform admin";
      case RIGHT ->
          right + (inAnyOperation ? " in any operation" : " in {" + operationVariable + "}");
    };
  }
}
