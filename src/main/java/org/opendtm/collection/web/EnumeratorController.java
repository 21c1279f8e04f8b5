package org.opendtm.collection.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.internal.Enumerators.EnumeratorInfo;
import org.opendtm.collection.internal.openrosa.CollectCredentials;
import org.opendtm.collection.internal.openrosa.CollectCredentials.Issued;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Enumerator accounts and their collect credentials. The password and the token URL are in the
 * answer of the call that issues them, and nowhere else afterwards.
 */
@RestController
@RequestMapping("/api/v1/operations/{operation}/enumerators")
class EnumeratorController {

  private final CollectCredentials credentials;

  EnumeratorController(CollectCredentials credentials) {
    this.credentials = credentials;
  }

  record NewEnumerator(String username, String displayName) {}

  /**
   * Collect credentials as shown once.
   *
   * @param serverUrl the server URL to type into Collect with {@code username} and {@code password}
   * @param tokenUrl a server URL that needs no password (like an ODK Central app user)
   */
  record IssuedCredentials(
      String username,
      String displayName,
      String operation,
      String serverUrl,
      String password,
      String tokenUrl) {}

  @PostMapping
  @Allow(Right.MANAGE_MEMBERS)
  ResponseEntity<IssuedCredentials> create(
      @PathVariable String operation, @RequestBody NewEnumerator request, HttpServletRequest http) {
    Issued issued = credentials.issue(operation, request.username(), request.displayName());
    return ResponseEntity.created(
            URI.create("/api/v1/operations/" + operation + "/enumerators/" + issued.username()))
        .body(shown(operation, issued, http));
  }

  @GetMapping
  @Allow(Right.READ_MEMBERS)
  List<EnumeratorInfo> list(@PathVariable String operation) {
    return credentials.list(operation);
  }

  /** New password and token URL; the old ones stop working. */
  @PostMapping("/{username}/credentials")
  @Allow(Right.MANAGE_MEMBERS)
  IssuedCredentials reissue(
      @PathVariable String operation, @PathVariable String username, HttpServletRequest http) {
    return shown(operation, credentials.reissue(operation, username), http);
  }

  /** Revokes the collect credentials and the role ENUMERATOR; submissions stay. */
  @DeleteMapping("/{username}")
  @Allow(Right.MANAGE_MEMBERS)
  ResponseEntity<Void> revoke(@PathVariable String operation, @PathVariable String username) {
    credentials.revoke(operation, username);
    return ResponseEntity.noContent().build();
  }

  private static IssuedCredentials shown(String operation, Issued issued, HttpServletRequest http) {
    String server =
        ServletUriComponentsBuilder.fromContextPath(http).build().toUriString()
            + "/openrosa/"
            + operation;
    return new IssuedCredentials(
        issued.username(),
        issued.displayName(),
        operation,
        server,
        issued.password(),
        server + "/key/" + issued.token());
  }
}
