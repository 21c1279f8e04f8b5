package org.opendtm.ui.web;

import org.opendtm.access.AnySignedIn;
import org.opendtm.access.PublicPublishedData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/** The landing page (public) and the signed-in operations list. */
@Controller
class OperationsController {

  private final Navigation navigation;
  private final OperationSummaries summaries;

  OperationsController(Navigation navigation, OperationSummaries summaries) {
    this.navigation = navigation;
    this.summaries = summaries;
  }

  @GetMapping("/")
  @PublicPublishedData
  String home(Model model) {
    model.addAttribute("operations", summaries.forPublic());
    return "home";
  }

  @GetMapping("/app")
  @AnySignedIn
  String operations(Model model) {
    model.addAttribute("operations", summaries.forOperations(navigation.operations()));
    return "app/operations";
  }

  /** The header's operation switcher (a plain form, so it works without scripts). */
  @GetMapping("/app/operations")
  @AnySignedIn
  String switchOperation(@RequestParam(name = "operation", required = false) String operation) {
    if (operation == null || operation.isBlank()) return "redirect:/app";
    return "redirect:/app/operations/" + UriUtils.encodePathSegment(operation.strip(), "UTF-8");
  }
}
