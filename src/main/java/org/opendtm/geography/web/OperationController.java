package org.opendtm.geography.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.OperationRole;
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
  ResponseEntity<Operation> create(@Valid @RequestBody NewOperation request) {
    access.requirePlatformAdmin();
    Operation operation = geography.createOperation(request);
    return ResponseEntity.created(URI.create("/api/v1/operations/" + operation.code()))
        .body(operation);
  }

  /** The operations the caller has any role in; all of them for platform administrators. */
  @GetMapping
  List<Operation> list() {
    if (access.isPlatformAdmin()) return geography.listOperations();
    var mine = access.operationsOfCurrentUser();
    return geography.listOperations().stream().filter(o -> mine.contains(o.code())).toList();
  }

  @GetMapping("/{operation}")
  Operation get(@PathVariable String operation) {
    access.require(operation, OperationRole.values());
    return geography.getOperation(operation);
  }

  @PutMapping("/{operation}/settings")
  Operation settings(@PathVariable String operation, @RequestBody OperationSettings settings) {
    access.require(operation, OperationRole.MANAGER);
    return geography.updateSettings(operation, settings);
  }
}
