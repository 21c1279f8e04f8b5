package org.opendtm.publication.web;

import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.publication.PublishPreview;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What publishing a round would change: for reviewers, before sign-off. */
@RestController
class PublishPreviewController {

  private final PublicationManagement publication;

  PublishPreviewController(PublicationManagement publication) {
    this.publication = publication;
  }

  @GetMapping("/api/v1/operations/{operation}/rounds/{round}/publish-preview")
  @Allow(Right.READ_ROUNDS)
  PublishPreview preview(@PathVariable String operation, @PathVariable int round) {
    return publication.previewPublication(operation, round);
  }
}
