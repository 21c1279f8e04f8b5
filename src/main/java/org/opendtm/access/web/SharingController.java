package org.opendtm.access.web;

import java.util.List;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.access.SharingAgreement;
import org.opendtm.access.SharingClassEntry;
import org.opendtm.access.SharingManagement;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sharing classes and data-sharing agreements of an operation, for its data-protection officer. */
@RestController
@Allow(Right.MANAGE_SHARING)
class SharingController {

  private final SharingManagement sharing;

  SharingController(SharingManagement sharing) {
    this.sharing = sharing;
  }

  /** The class of every dataset (and class-carrying field), chosen or by default. */
  @GetMapping("/api/v1/operations/{operation}/sharing-classes")
  List<SharingClassEntry> classes(@PathVariable String operation) {
    return sharing.classes(operation);
  }

  /** Sets the listed classes (all or none); the others keep theirs. */
  @PutMapping("/api/v1/operations/{operation}/sharing-classes")
  List<SharingClassEntry> setClasses(
      @PathVariable String operation, @RequestBody List<SharingClassEntry.Change> changes) {
    return sharing.setClasses(operation, changes);
  }

  @GetMapping("/api/v1/operations/{operation}/agreements")
  List<SharingAgreement> agreements(@PathVariable String operation) {
    return sharing.agreements(operation);
  }

  @PostMapping("/api/v1/operations/{operation}/agreements")
  @ResponseStatus(HttpStatus.CREATED)
  SharingAgreement create(
      @PathVariable String operation, @RequestBody SharingAgreement.Request request) {
    return sharing.create(operation, request);
  }

  /** Revokes the agreement at once; it stays listed as revoked. */
  @DeleteMapping("/api/v1/operations/{operation}/agreements/{id}")
  SharingAgreement revoke(@PathVariable String operation, @PathVariable long id) {
    return sharing.revoke(operation, id);
  }
}
