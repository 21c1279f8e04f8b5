package org.opendtm.ui.review;

import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.CollectionManagement;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A round's field collection for the team lead: places expected against places visited, and per
 * enumerator what was sent, what became of it, when they last sent, and where they have not been.
 */
@Controller
class CollectionPageController {

  private final CollectionManagement collection;
  private final TrackingManagement tracking;
  private final GeographyManagement geography;
  private final AccessPolicy access;

  CollectionPageController(
      CollectionManagement collection,
      TrackingManagement tracking,
      GeographyManagement geography,
      AccessPolicy access) {
    this.collection = collection;
    this.tracking = tracking;
    this.geography = geography;
    this.access = access;
  }

  @GetMapping("/app/operations/{operation}/rounds/{round}/collection")
  @Allow(Right.READ_SUBMISSIONS)
  String collection(@PathVariable String operation, @PathVariable int round, Model model) {
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("round", tracking.getRound(operation, round));
    model.addAttribute("progress", collection.getProgress(operation, round));
    model.addAttribute("canReview", access.holds(operation, Right.READ_ROUNDS));
    return "review/collection";
  }
}
