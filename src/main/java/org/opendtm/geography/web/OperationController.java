package org.opendtm.geography.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.PlatformAdminOnly;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.geography.Operation;
import org.opendtm.geography.OperationSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/operations")
class OperationController {

  private final GeographyManagement geography;
  private final AccessPolicy access;

  OperationController(GeographyManagement geography, AccessPolicy access) {
    this.geography = geography;
    this.access = access;
  }

  @PostMapping
  @PlatformAdminOnly
  ResponseEntity<Operation> create(@Valid @RequestBody NewOperation request) {
    Operation operation = geography.createOperation(request);
    return ResponseEntity.created(URI.create("/api/v1/operations/" + operation.code()))
        .body(operation);
  }

  /** The operations the caller has any role in; all of them for platform administrators. */
  @GetMapping
  @AnySignedIn
  List<Operation> list() {
    if (access.isPlatformAdmin()) return geography.listOperations();
    var mine = access.operationsOfCurrentUser();
    return geography.listOperations().stream().filter(o -> mine.contains(o.code())).toList();
  }

  @GetMapping("/{operation}")
  @Allow(Right.VIEW_OPERATION)
  Operation get(@PathVariable String operation) {
    return geography.getOperation(operation);
  }

  @PutMapping("/{operation}/settings")
  @Allow(Right.EDIT_SETTINGS)
  Operation settings(@PathVariable String operation, @RequestBody OperationSettings settings) {
    return geography.updateSettings(operation, settings);
  }
}
