package org.opendtm.collection.internal.openrosa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.collection.internal.Enumerators;
import org.opendtm.collection.internal.Enumerators.EnumeratorInfo;
import org.opendtm.collection.internal.Enumerators.StoredCredential;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.crypto.FieldAddress;
import org.opendtm.platform.crypto.PersonalDataCipher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enumerators' collect credentials: a collect password (for HTTP Digest, or Basic over HTTPS) and a
 * token for a server URL that needs no password, both shown once when issued. Kept apart from the
 * web password: the database holds only the Digest secrets HA1 (MD5 and SHA-256 of {@code
 * username:realm:password}), encrypted with the platform's AES-GCM keys, and the SHA-256 of the
 * token. Each enumerator account holds the role ENUMERATOR in exactly one operation.
 */
@Service
public class CollectCredentials {

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
  private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final String TABLE = "collection.enumerator";

  /** Credentials as issued: the only time the password and token are seen. */
  public record Issued(String username, String displayName, String password, String token) {}

  /** The Digest secrets of an active enumerator, decrypted. */
  public record Credential(String username, String realm, String ha1Md5, String ha1Sha256) {}

  private record Cached<T>(T value, Instant expires) {}

  private final Enumerators enumerators;
  private final UserManagement users;
  private final PersonalDataCipher cipher;
  private final AuditLog audit;
  private final AccessPolicy access;
  private final OpenRosaProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Cached<Optional<Credential>>> byUsername = new ConcurrentHashMap<>();
  private final Map<String, Cached<Optional<String>>> byToken = new ConcurrentHashMap<>();

  CollectCredentials(
      Enumerators enumerators,
      UserManagement users,
      PersonalDataCipher cipher,
      AuditLog audit,
      AccessPolicy access,
      OpenRosaProperties properties,
      ObjectProvider<Clock> clock) {
    this.enumerators = enumerators;
    this.users = users;
    this.cipher = cipher;
    this.audit = audit;
    this.access = access;
    this.properties = properties;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * Creates an enumerator account with the role ENUMERATOR in the operation, and its collect
   * credentials. The account gets a random web password nobody knows: enumerators work from
   * Collect; a manager can set a web password later if one needs the web UI.
   */
  @Transactional
  public Issued issue(String operationCode, String username, String displayName) {
    String name = username == null ? "" : username.strip();
    if (!USERNAME.matcher(name).matches()) {
      throw new OpenDtmException(
          SubmissionErrorCode.ENUMERATOR_INVALID,
          "The user name must be 3 to 64 of a-z 0-9 . _ - and start with a letter or digit",
          List.of(InputError.field("username", "3 to 64 of a-z 0-9 . _ -")));
    }
    if (users.exists(name) || enumerators.exists(name)) {
      throw new OpenDtmException(
          SubmissionErrorCode.ENUMERATOR_INVALID,
          "An account named " + name + " exists already; choose another user name",
          List.of(InputError.field("username", "taken")));
    }
    String display = displayName == null || displayName.isBlank() ? name : displayName.strip();
    users.createUser(name, randomToken(32), display);
    users.grant(name, operationCode, OperationRole.ENUMERATOR);
    String password = randomPassword();
    String token = randomToken(32);
    enumerators.insert(
        operationCode,
        name,
        display,
        properties.realm(),
        encrypt(name, "ha1_md5", ha1(name, password, "MD5")),
        encrypt(name, "ha1_sha256", ha1(name, password, "SHA-256")),
        sha256(token),
        access.currentUser());
    audit.record("enumerator.issue", operationCode, name, Outcome.SUCCESS, Map.of());
    return new Issued(name, display, password, token);
  }

  /** New password and token for an active enumerator; the old ones stop working. */
  @Transactional
  public Issued reissue(String operationCode, String username) {
    String password = randomPassword();
    String token = randomToken(32);
    boolean replaced =
        enumerators.replaceSecrets(
            operationCode,
            username,
            properties.realm(),
            encrypt(username, "ha1_md5", ha1(username, password, "MD5")),
            encrypt(username, "ha1_sha256", ha1(username, password, "SHA-256")),
            sha256(token));
    if (!replaced) throw notFound(operationCode, username);
    forget();
    audit.record("enumerator.reissue", operationCode, username, Outcome.SUCCESS, Map.of());
    return new Issued(username, username, password, token);
  }

  /** Revokes the collect credentials and withdraws the role ENUMERATOR in the operation. */
  @Transactional
  public void revoke(String operationCode, String username) {
    if (!enumerators.revoke(operationCode, username, access.currentUser())) {
      throw notFound(operationCode, username);
    }
    Set<OperationRole> roles = EnumSet.noneOf(OperationRole.class);
    roles.addAll(users.rolesOf(username, operationCode));
    roles.remove(OperationRole.ENUMERATOR);
    users.setRoles(username, operationCode, roles);
    forget();
    audit.record("enumerator.revoke", operationCode, username, Outcome.SUCCESS, Map.of());
  }

  public List<EnumeratorInfo> list(String operationCode) {
    return enumerators.list(operationCode);
  }

  /** The Digest secrets of an active enumerator (cached for a short while). */
  public Optional<Credential> credential(String username) {
    Instant now = clock.instant();
    Cached<Optional<Credential>> cached = byUsername.get(username);
    if (cached != null && cached.expires().isAfter(now)) return cached.value();
    Optional<Credential> credential =
        enumerators
            .findActive(username)
            .map(
                (StoredCredential s) ->
                    new Credential(
                        s.username(),
                        s.realm(),
                        cipher.decrypt(s.ha1Md5(), address(s.username(), "ha1_md5")),
                        cipher.decrypt(s.ha1Sha256(), address(s.username(), "ha1_sha256"))));
    if (byUsername.size() > 100_000) byUsername.clear();
    byUsername.put(username, new Cached<>(credential, now.plus(properties.credentialCacheTime())));
    return credential;
  }

  /** The active enumerator holding this token (cached for a short while). */
  public Optional<String> usernameForToken(String token) {
    Instant now = clock.instant();
    String key = HexFormat.of().formatHex(sha256(token));
    Cached<Optional<String>> cached = byToken.get(key);
    if (cached != null && cached.expires().isAfter(now)) return cached.value();
    Optional<String> username = enumerators.findActiveByToken(sha256(token));
    if (byToken.size() > 100_000) byToken.clear();
    byToken.put(key, new Cached<>(username, now.plus(properties.credentialCacheTime())));
    return username;
  }

  /** The realm Digest challenges name. */
  public String realm() {
    return properties.realm();
  }

  private void forget() {
    byUsername.clear();
    byToken.clear();
  }

  /** HA1 of RFC 7616: {@code H(username:realm:password)} in lower-case hex. */
  static String ha1(String username, String realm, String password, String algorithm) {
    return hex(algorithm, username + ":" + realm + ":" + password);
  }

  private String ha1(String username, String password, String algorithm) {
    return ha1(username, properties.realm(), password, algorithm);
  }

  static String hex(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is always available", e);
    }
  }

  private byte[] encrypt(String username, String column, String value) {
    return cipher.encrypt(value, address(username, column));
  }

  static FieldAddress address(String username, String column) {
    return new FieldAddress(TABLE, column, username);
  }

  private static byte[] sha256(String token) {
    return SubmissionIntake.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  /** Easy to type on a phone: 4 groups of 5 letters and digits without look-alikes (~99 bits). */
  private String randomPassword() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 5 == 0) password.append('-');
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
  }

  private String randomToken(int bytes) {
    byte[] token = new byte[bytes];
    random.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static NotFoundException notFound(String operationCode, String username) {
    return new NotFoundException(
        SubmissionErrorCode.ENUMERATOR_NOT_FOUND,
        "No active enumerator " + username + " in operation " + operationCode);
  }
}
