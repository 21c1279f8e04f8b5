package org.opendtm.access.internal.personal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The retention job runs in the server, never during a command-line run ({@link
 * PersonalDataProperties} are found by the application's configuration-properties scan).
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataConfiguration {

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnProperty(name = "opendtm.cli", havingValue = "false", matchIfMissing = true)
  static class Scheduling {}
}
