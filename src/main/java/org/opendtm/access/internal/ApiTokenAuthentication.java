package org.opendtm.access.internal;

import java.util.List;
import java.util.Set;
import org.opendtm.access.Right;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request signed in with an API token: the token's creator, limited to the token's operations and
 * rights. It never carries {@code ROLE_ADMIN}: a token never acts as platform administrator, even
 * one created by an administrator (whose rights in the listed operations it still has).
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

  private final long tokenId;
  private final String username;
  private final boolean creatorIsPlatformAdmin;
  private final Set<String> operations;
  private final Set<Right> rights;

  ApiTokenAuthentication(
      long tokenId,
      String username,
      boolean creatorIsPlatformAdmin,
      Set<String> operations,
      Set<Right> rights) {
    super(
        List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("API_TOKEN")));
    this.tokenId = tokenId;
    this.username = username;
    this.creatorIsPlatformAdmin = creatorIsPlatformAdmin;
    this.operations = Set.copyOf(operations);
    this.rights = Set.copyOf(rights);
    setAuthenticated(true);
  }

  public long tokenId() {
    return tokenId;
  }

  /** Whether the token's creator is a platform administrator (all rights within the scope). */
  public boolean creatorIsPlatformAdmin() {
    return creatorIsPlatformAdmin;
  }

  /** The operations the token may act in. */
  public Set<String> operations() {
    return operations;
  }

  /** Whether the token's scope covers the right in the operation. */
  public boolean covers(String operationCode, Right right) {
    return operations.contains(operationCode) && rights.contains(right);
  }

  /** The token's rights (in each of its operations). */
  public Set<Right> rights() {
    return rights;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return username;
  }

  @Override
  public String getName() {
    return username;
  }
}
