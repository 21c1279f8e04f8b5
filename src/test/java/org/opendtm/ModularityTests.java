package org.opendtm;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module structure of DESIGN.md holds: no cycles, no reaching into another's internals. */
class ModularityTests {

  private final ApplicationModules modules = ApplicationModules.of(OpenDtmApplication.class);

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  @Test
  void writesModuleDiagrams() {
    new Documenter(modules, "target/modulith-docs")
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
  }
}
