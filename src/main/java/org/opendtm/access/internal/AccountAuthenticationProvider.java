package org.opendtm.access.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (HTTP Basic and the login form) with the lock-out of {@link SignInThrottle}.
 * While an account must wait or is locked, the password is still hashed — so the answer takes as
 * long as any other — but never compared: the caller gets the same 401 as for a wrong password or
 * an unknown user, and the attempt is not counted. A hash made with an older encoder (bcrypt) is
 * replaced by an Argon2id hash on the next successful sign-in.
 */
class AccountAuthenticationProvider extends DaoAuthenticationProvider {

  /** An account as Spring Security sees it, with its id and its failed sign-ins. */
  static final class AccountUser extends User {
    private final long id;
    private final transient SignInThrottle.Failures failures;

    AccountUser(
        long id,
        String username,
        String hash,
        boolean enabled,
        List<GrantedAuthority> authorities,
        SignInThrottle.Failures failures) {
      super(username, hash, enabled, true, true, true, authorities);
      this.id = id;
      this.failures = failures;
    }

    long id() {
      return id;
    }
  }

  private final SignInThrottle throttle;
  private final Clock clock;

  AccountAuthenticationProvider(
      Users users, PasswordEncoder encoder, SignInThrottle throttle, Clock clock) {
    super(encoder);
    this.throttle = throttle;
    this.clock = clock;
    setUserDetailsService(
        username ->
            users
                .find(username)
                .map(
                    account ->
                        (UserDetails)
                            new AccountUser(
                                account.id(),
                                account.username(),
                                account.passwordHash(),
                                account.enabled(),
                                authorities(account.platformAdmin()),
                                throttle.find(account.id()).orElse(null)))
                .orElseThrow(() -> new UsernameNotFoundException("unknown user")));
    // a disabled account is refused after the password is hashed, like a locked one, so that the
    // time of the answer does not tell it apart from a wrong password (see below)
    setPreAuthenticationChecks(user -> {});
    setUserDetailsPasswordService(
        (user, newHash) -> {
          users.updatePasswordHash(user.getUsername(), newHash, false);
          return User.withUserDetails(user).password(newHash).build();
        });
  }

  static List<GrantedAuthority> authorities(boolean platformAdmin) {
    return platformAdmin
        ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_USER"))
        : List.of(new SimpleGrantedAuthority("ROLE_USER"));
  }

  @Override
  protected void additionalAuthenticationChecks(
      UserDetails user, UsernamePasswordAuthenticationToken authentication) {
    AccountUser account = (AccountUser) user;
    Instant now = clock.instant();
    Instant blockedUntil = throttle.blockedUntil(account.failures, now);
    try {
      super.additionalAuthenticationChecks(user, authentication);
    } catch (BadCredentialsException wrongPassword) {
      if (!account.isEnabled()) throw new DisabledException("Account disabled");
      if (blockedUntil != null) throw new LockedException("Sign-in refused for now");
      throttle.recordFailure(
          account.id(), account.getUsername(), now, remoteAddress(authentication));
      throw wrongPassword;
    }
    if (!account.isEnabled()) throw new DisabledException("Account disabled");
    if (blockedUntil != null) throw new LockedException("Sign-in refused for now");
    if (account.failures != null) throttle.reset(account.id());
  }

  static String remoteAddress(Object authentication) {
    return authentication instanceof UsernamePasswordAuthenticationToken token
            && token.getDetails() instanceof WebAuthenticationDetails details
        ? details.getRemoteAddress()
        : null;
  }
}
