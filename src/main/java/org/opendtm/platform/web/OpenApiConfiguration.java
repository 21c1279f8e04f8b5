package org.opendtm.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI openDtmOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("OpenDTM API")
                .version("v1")
                .description(
                    "Operations, geography, rounds, assessment imports, validation flags,"
                        + " publication and published aggregates. Errors are RFC 9457 problem"
                        + " responses with a stable `code` and, for bad input, `errors` naming each"
                        + " row and field. The DTM-API-compatible public endpoints live under"
                        + " /dtm/v3/displacement and need no login.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList("basic"));
  }
}
