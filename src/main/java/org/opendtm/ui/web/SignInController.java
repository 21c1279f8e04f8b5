package org.opendtm.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.PublicPublishedData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page (the form posts to Spring Security's {@code POST /login}). It shows no data, so
 * it is as open as the public pages.
 */
@Controller
class SignInController {

  private final AccessPolicy access;

  SignInController(AccessPolicy access) {
    this.access = access;
  }

  @GetMapping("/sign-in")
  @PublicPublishedData
  String signIn(HttpServletRequest request, Model model) {
    if (access.isSignedIn() && request.getParameter("error") == null) return "redirect:/app";
    model.addAttribute("message", message(request));
    return "sign-in";
  }

  /**
   * The one message key to show. A wrong password and an account refused for now after repeated
   * failures get the same message, as in the API: the page must not tell whether an account exists.
   */
  private static String message(HttpServletRequest request) {
    if (request.getParameter("error") != null) return "signin.error";
    if (request.getParameter("expired") != null) return "signin.expired";
    if (request.getParameter("logout") != null) return "signin.signedOut";
    return null;
  }
}
