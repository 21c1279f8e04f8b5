package org.opendtm.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opendtm.access.internal.ApiTokens;
import org.opendtm.access.internal.Users;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens of the signed-in user, for partners' and integrations' scripts: created for some of
 * the user's operations and a subset of the user's rights there, shown once, stored hashed,
 * expiring (at most {@link #MAX_LIFETIME}), revocable. A token cannot manage tokens or change a
 * password.
 */
@Service
public class ApiTokenManagement {

  /** The longest a token may live. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(366);

  /** The lifetime of a token created without {@code expiresAt}. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);

  private final ApiTokens tokens;
  private final Users users;
  private final AccessPolicy access;
  private final List<KnownOperations> operations;
  private final Clock clock;

  ApiTokenManagement(
      ApiTokens tokens,
      Users users,
      AccessPolicy access,
      List<KnownOperations> operations,
      Clock clock) {
    this.tokens = tokens;
    this.users = users;
    this.access = access;
    this.operations = operations;
    this.clock = clock;
  }

  /** What a new token may do. {@code expiresAt} null: {@link #DEFAULT_LIFETIME} from now. */
  public record NewToken(
      String name, List<String> operations, List<String> rights, Instant expiresAt) {}

  /**
   * A token as listed: never the secret. {@code hint} is its first characters; {@code lastUsedAt}
   * is when it last signed a request in, to the minute (null: never used).
   */
  public record TokenInfo(
      long id,
      String name,
      String hint,
      List<String> operations,
      Set<Right> rights,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      boolean active,
      Instant lastUsedAt) {}

  /** A new token: {@code token} is the secret, shown this once and stored only as a hash. */
  public record CreatedToken(String token, TokenInfo info) {}

  /**
   * Creates a token for the caller.
   *
   * @throws OpenDtmException {@code INVALID_INPUT} listing every bad field, including rights the
   *     caller does not hold in one of the operations; {@code TOKEN_NOT_ALLOWED} for a token caller
   */
  @Transactional
  public CreatedToken create(NewToken request) {
    requirePasswordCaller();
    Instant now = clock.instant();
    List<InputError> errors = new ArrayList<>();
    String name = request == null || request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > 100) {
      errors.add(new InputError(null, "name", name, "1 to 100 characters"));
    }
    Set<Right> rights = EnumSet.noneOf(Right.class);
    if (request == null || request.rights() == null || request.rights().isEmpty()) {
      errors.add(new InputError(null, "rights", null, "at least one right"));
    } else {
      for (String right : request.rights()) {
        try {
          rights.add(Right.valueOf(String.valueOf(right).strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          errors.add(new InputError(null, "rights", right, "not a right; see GET /api/v1/roles"));
        }
      }
    }
    Set<String> scope = new LinkedHashSet<>();
    if (request == null || request.operations() == null || request.operations().isEmpty()) {
      errors.add(new InputError(null, "operations", null, "at least one operation"));
    } else {
      for (String operation : request.operations()) {
        if (operation == null || operation.isBlank()) {
          errors.add(new InputError(null, "operations", operation, "an operation code"));
          continue;
        }
        String code = operation.strip();
        scope.add(code);
        boolean exists = operations.stream().anyMatch(known -> known.exists(code));
        Set<Right> held = exists ? access.rightsIn(code) : Set.of();
        // the same answer whether the operation does not exist or the caller holds nothing there
        for (Right right : rights) {
          if (!held.contains(right)) {
            errors.add(
                new InputError(
                    null, "rights", right.name(), "you do not hold " + right + " in " + code));
          }
        }
      }
    }
    Instant expiresAt =
        request == null || request.expiresAt() == null
            ? now.plus(DEFAULT_LIFETIME)
            : request.expiresAt();
    if (!expiresAt.isAfter(now.plusSeconds(60)) || expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
      errors.add(
          new InputError(
              null, "expiresAt", String.valueOf(expiresAt), "in the future, at most a year ahead"));
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT, "The token request has invalid fields", errors);
    }
    String secret = ApiTokens.generate();
    long id =
        tokens.insert(
            users.getId(access.currentUser()),
            name,
            secret,
            List.copyOf(scope),
            rights,
            now,
            expiresAt);
    TokenInfo info =
        list().stream()
            .filter(t -> t.id() == id)
            .findFirst()
            .orElseThrow(IllegalStateException::new);
    return new CreatedToken(secret, info);
  }

  /** The caller's tokens, newest first, active or not. */
  public List<TokenInfo> list() {
    Instant now = clock.instant();
    return tokens.listOf(access.currentUser()).stream()
        .map(
            t ->
                new TokenInfo(
                    t.id(),
                    t.name(),
                    t.hint(),
                    t.operations(),
                    t.rights(),
                    t.createdAt(),
                    t.expiresAt(),
                    t.revokedAt(),
                    t.revokedAt() == null && t.expiresAt().isAfter(now),
                    t.lastUsedAt()))
        .toList();
  }

  /**
   * Revokes one of the caller's tokens (at once: the next request with it gets 401).
   *
   * @throws NotFoundException when the caller has no token with this id
   */
  @Transactional
  public void revoke(long id) {
    if (!tokens.revoke(access.currentUser(), id, clock.instant())) {
      throw new NotFoundException(AccessErrorCode.UNKNOWN_TOKEN, "You have no token " + id);
    }
  }

  private void requirePasswordCaller() {
    if (access.isApiToken()) {
      throw new OpenDtmException(
          AccessErrorCode.TOKEN_NOT_ALLOWED,
          "Sign in with your password to manage API tokens; a token cannot create tokens.");
    }
  }
}
