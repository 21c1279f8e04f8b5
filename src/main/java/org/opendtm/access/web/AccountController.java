package org.opendtm.access.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.OperationRole;
import org.opendtm.access.Right;
import org.opendtm.access.UserManagement;
import org.opendtm.access.UserManagement.Member;
import org.opendtm.access.UserManagement.UserProfile;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who am I, what may each role do, accounts and who holds which role in an operation. */
@RestController
@RequestMapping("/api/v1")
class AccountController {

  private final UserManagement users;
  private final AccessPolicy access;

  AccountController(UserManagement users, AccessPolicy access) {
    this.users = users;
    this.access = access;
  }

  record RightView(Right right, String description) {
    static List<RightView> of(Set<Right> rights) {
      return rights.stream().map(r -> new RightView(r, r.description())).toList();
    }
  }

  record RoleView(String role, String description, List<RightView> rights) {}

  record OperationRights(String operation, Set<OperationRole> roles, Set<Right> rights) {}

  record Me(
      String username,
      String displayName,
      boolean platformAdmin,
      List<OperationRights> operations) {}

  record NewUser(String username, String password, String displayName) {}

  record Roles(List<String> roles) {}

  /**
   * The caller, and their roles and rights per operation. Platform administrators hold every right
   * in every operation, listed or not.
   */
  @GetMapping("/me")
  @AnySignedIn
  Me me() {
    UserProfile me = users.getUser(access.currentUser());
    List<OperationRights> operations = new ArrayList<>();
    access
        .rolesOfCurrentUser()
        .forEach(
            (operation, roles) ->
                operations.add(new OperationRights(operation, roles, access.rightsIn(operation))));
    return new Me(me.username(), me.displayName(), me.platformAdmin(), operations);
  }

  /** Each role and its rights, platform administrator first. */
  @GetMapping("/roles")
  @AnySignedIn
  List<RoleView> roles() {
    List<RoleView> roles = new ArrayList<>();
    roles.add(
        new RoleView(
            "PLATFORM_ADMIN",
            "Every right in every operation; opens operations and manages all accounts",
            RightView.of(EnumSet.allOf(Right.class))));
    for (OperationRole role : OperationRole.values()) {
      roles.add(new RoleView(role.name(), role.description(), RightView.of(role.rights())));
    }
    return roles;
  }

  /** Creates an account with no role; managers then grant it roles in their operations. */
  @PostMapping("/users")
  @Allow(value = Right.MANAGE_MEMBERS, inAnyOperation = true)
  ResponseEntity<UserProfile> createUser(@RequestBody NewUser request) {
    UserProfile created =
        users.createUser(request.username(), request.password(), request.displayName());
    return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
  }

  @GetMapping("/users")
  @Allow(value = Right.MANAGE_MEMBERS, inAnyOperation = true)
  List<UserProfile> listUsers() {
    return users.listUsers();
  }

  record Disabling(String reason) {}

  /**
   * Disables an account at once: no sign-in, sessions ended, API tokens revoked (docs/security.md).
   */
  @PostMapping("/users/{username}/disable")
  @Allow(value = Right.MANAGE_MEMBERS, inAnyOperation = true)
  UserProfile disable(
      @PathVariable String username, @RequestBody(required = false) Disabling request) {
    return users.disable(username, request == null ? null : request.reason());
  }

  /** Lets a disabled account sign in again (its old sessions and tokens stay void). */
  @PostMapping("/users/{username}/enable")
  @Allow(value = Right.MANAGE_MEMBERS, inAnyOperation = true)
  UserProfile enable(@PathVariable String username) {
    return users.enable(username);
  }

  record Organisation(String organisation) {}

  /** Names the organisation the account works for; its agreements then cover the account. */
  @PutMapping("/users/{username}/organisation")
  @Allow(value = Right.MANAGE_SHARING, inAnyOperation = true)
  UserProfile setOrganisation(
      @PathVariable String username, @RequestBody(required = false) Organisation request) {
    return users.setOrganisation(username, request == null ? null : request.organisation());
  }

  @GetMapping("/operations/{operation}/members")
  @Allow(Right.READ_MEMBERS)
  List<Member> members(@PathVariable String operation) {
    return users.listMembers(operation);
  }

  /** Replaces the user's roles in the operation; platform administrator is not a role here. */
  @PutMapping("/operations/{operation}/members/{username}")
  @Allow(Right.MANAGE_MEMBERS)
  Member setRoles(
      @PathVariable String operation, @PathVariable String username, @RequestBody Roles request) {
    return users.setRoles(username, operation, parse(request));
  }

  @DeleteMapping("/operations/{operation}/members/{username}")
  @Allow(Right.MANAGE_MEMBERS)
  ResponseEntity<Void> removeMember(@PathVariable String operation, @PathVariable String username) {
    users.setRoles(username, operation, Set.of());
    return ResponseEntity.noContent().build();
  }

  private static Set<OperationRole> parse(Roles request) {
    if (request == null || request.roles() == null) {
      throw new OpenDtmException(
          AccessErrorCode.INVALID_INPUT,
          "Give the roles as {\"roles\": [...]}; an empty list ends the membership",
          List.of(new InputError(null, "roles", null, "a list of roles")));
    }
    Set<OperationRole> roles = EnumSet.noneOf(OperationRole.class);
    List<InputError> errors = new ArrayList<>();
    for (String name : request.roles()) {
      try {
        roles.add(OperationRole.valueOf(String.valueOf(name).strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        errors.add(
            new InputError(
                null, "roles", name, "one of " + Arrays.toString(OperationRole.values())));
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(AccessErrorCode.INVALID_INPUT, "Unknown roles", errors);
    }
    return roles;
  }
}
