package org.opendtm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** OpenDTM: displacement tracking, review, publication and durable-solutions analytics. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenDtmApplication {

  public static void main(String[] args) {
    SpringApplication.run(OpenDtmApplication.class, args);
  }
}
