package org.opendtm.access.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.ApiTokenManagement;
import org.opendtm.access.ApiTokenManagement.CreatedToken;
import org.opendtm.access.ApiTokenManagement.NewToken;
import org.opendtm.access.ApiTokenManagement.TokenInfo;
import org.opendtm.access.UserManagement;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own credentials: password and API tokens. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

  private final UserManagement users;
  private final ApiTokenManagement tokens;

  MeController(UserManagement users, ApiTokenManagement tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  record PasswordChange(String current, @JsonProperty("new") String next) {}

  /** Changes the caller's password: {@code {"current": "...", "new": "..."}}; 204. */
  @PutMapping("/password")
  @AnySignedIn
  ResponseEntity<Void> changePassword(
      @RequestBody PasswordChange request, HttpServletRequest http) {
    users.changeOwnPassword(
        request == null ? null : request.current(),
        request == null ? null : request.next(),
        http.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }

  /** Creates an API token; the answer holds the secret token, shown this once. */
  @PostMapping("/tokens")
  @AnySignedIn
  ResponseEntity<CreatedToken> createToken(@RequestBody NewToken request) {
    CreatedToken created = tokens.create(request);
    return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + created.info().id()))
        .body(created);
  }

  /** The caller's tokens, without their secrets. */
  @GetMapping("/tokens")
  @AnySignedIn
  List<TokenInfo> listTokens() {
    return tokens.list();
  }

  /** Revokes one of the caller's tokens at once; 204, or 404 for a token not theirs. */
  @DeleteMapping("/tokens/{token}")
  @AnySignedIn
  ResponseEntity<Void> revokeToken(@PathVariable long token) {
    tokens.revoke(token);
    return ResponseEntity.noContent().build();
  }
}
