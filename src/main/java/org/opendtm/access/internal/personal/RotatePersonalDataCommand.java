package org.opendtm.access.internal.personal;

import java.util.List;
import org.opendtm.platform.CliCommand;
import org.springframework.stereotype.Component;

/** {@code rotate-personal-data [batch-size]}: re-encrypts personal fields under the active key. */
@Component
class RotatePersonalDataCommand implements CliCommand {

  private final KeyRotation rotation;
  private final PersonalDataProperties properties;

  RotatePersonalDataCommand(KeyRotation rotation, PersonalDataProperties properties) {
    this.rotation = rotation;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "rotate-personal-data";
  }

  @Override
  public String usage() {
    return "rotate-personal-data [batch-size]  re-encrypt personal fields under the active key";
  }

  @Override
  public int run(List<String> arguments) {
    int batch =
        arguments.isEmpty() ? properties.rotationBatchSize() : Integer.parseInt(arguments.get(0));
    long rewritten = rotation.rotate(batch);
    System.out.printf("Re-encrypted %d personal fields under the active key.%n", rewritten);
    return 0;
  }
}
