package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.FormManagement;
import org.opendtm.collection.XlsForms;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.NewOperation;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The endpoint × role matrix of issue 4: every registered endpoint is called, with real path
 * variables of the fixture operation {@code MX} (a round, an assessment, a validation flag, a
 * location), by an anonymous caller, the platform administrator, a holder of each role in MX and a
 * holder of each role in another operation only. Each answer must be of the class the declared
 * policy and the rights table ({@link Right}) give: 401 for anonymous outside the public prefixes,
 * 403 for anyone without the right (outsiders always get 403, never 404, so that an operation's
 * existence does not leak), anything else when allowed. An endpoint without an access annotation
 * fails here, named. The matrix is written to {@code target/access-matrix.md} for review.
 */
class AccessMatrixIntegrationTest extends ApiTestSupport {

  private static final String OPERATION = "MX";
  private static final String OTHER = "MX-OTHER";
  private static final String PASSWORD = "matrix-password-1";

  /** Prefixes the security filter leaves open; public policies are allowed only there. */
  private static final List<String> PUBLIC_PREFIXES = List.of("/dtm/", "/public/", "/error");

  /**
   * Pages the security filter leaves open, by exact path: the landing page and the sign-in page.
   */
  private static final List<String> PUBLIC_PAGES = List.of("/", "/sign-in");

  private static long assessmentId;
  private static long flagId;
  private static String jobId = java.util.UUID.randomUUID().toString();

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired FormManagement forms;
  @Autowired UserManagement users;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired WebApplicationContext context;

  /**
   * The matrix runs through the whole filter chain, dispatcher and interceptor in-process, signed
   * in by Spring Security's test support: some 450 requests with HTTP Basic would spend a minute on
   * password hashing. Real sign-in over HTTP is exercised by the other tests here.
   */
  private MockMvc mvc;

  /** A caller of the matrix: who, and which roles they hold in MX (none for outsiders). */
  private record Caller(String name, RequestPostProcessor signIn, Set<OperationRole> rolesInMx) {}

  private enum Answer {
    UNAUTHENTICATED,
    FORBIDDEN,
    ALLOWED;

    static Answer of(int status) {
      return switch (status) {
        case 401 -> UNAUTHENTICATED;
        case 403 -> FORBIDDEN;
        default -> ALLOWED;
      };
    }

    String cell() {
      return switch (this) {
        case UNAUTHENTICATED -> "401";
        case FORBIDDEN -> "403";
        case ALLOWED -> "ok";
      };
    }
  }

  @BeforeEach
  void fixture() throws IOException {
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    if (users.exists("mx-manager")) return; // one fixture for all tests of the shared context
    Operation mx = geography.createOperation(new NewOperation(OPERATION, "Matrix", "CAF"));
    geography.createOperation(new NewOperation(OTHER, "Matrix elsewhere", "CAF"));
    var units =
        geography.createProvisionalUnits(
            mx.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
                new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01")));
    long kaga = units.stream().filter(u -> u.pcode().equals("CAF0101")).findFirst().get().id();
    geography.upsertLocations(
        mx.id(),
        List.of(new NewLocation("MX-S01", "Kaga site", LocationKind.SITE, kaga, 8.1, 20.5)));
    tracking.createRound(OPERATION, 1, java.time.LocalDate.of(2024, 3, 31));
    Path file = Files.createTempFile("matrix", ".csv");
    try {
      // one household of 40 people: a household-size warning to justify
      Files.writeString(
          file, "Admin 2,HH,Ind\n#adm2+pcode,#affected+idp+hh,#affected+idp+ind\nCAF0101,1,40\n");
      tracking.importAssessments(
          OPERATION, 1, file, new ImportOptions("matrix.csv", null, AssessmentType.SA, "admin"));
    } finally {
      Files.deleteIfExists(file);
    }
    assessmentId = tracking.listAssessments(OPERATION, 1, null, null, 0, 10).items().get(0).id();
    flagId = tracking.listFlags(OPERATION, 1, new FlagFilter(null, null, null)).get(0).id();
    Path form =
        XlsForms.workbook()
            .survey("type", "name", "label")
            .survey("integer", "households", "Households")
            .settings("form_id", "version")
            .settings("matrix_form", "1")
            .write(Path.of(System.getProperty("java.io.tmpdir")));
    try {
      forms.upload(OPERATION, "matrix_form.xlsx", form, "admin");
    } finally {
      Files.deleteIfExists(form);
    }
    for (OperationRole role : OperationRole.values()) {
      users.createUser(insider(role), PASSWORD, false);
      users.grant(insider(role), OPERATION, role);
      users.createUser(outsider(role), PASSWORD, false);
      users.grant(outsider(role), OTHER, role);
    }
    users.createUser("mx-member", PASSWORD, false);
    jdbc.sql(
            """
            insert into platform.job (id, kind, operation_code, owner, required_right, state)
            values (cast(:id as uuid), 'assessment-import', :op, 'admin', 'IMPORT_ASSESSMENTS',
                    'SUCCEEDED')
            """)
        .param("id", jobId)
        .param("op", OPERATION)
        .update();
  }

  private static String insider(OperationRole role) {
    return "mx-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String outsider(OperationRole role) {
    return "other-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private List<Caller> callers() {
    List<Caller> callers = new ArrayList<>();
    callers.add(new Caller("anonymous", null, null));
    callers.add(
        new Caller(
            "platform admin",
            user("admin").roles("ADMIN", "USER"),
            EnumSet.allOf(OperationRole.class)));
    for (OperationRole role : OperationRole.values()) {
      callers.add(new Caller(role + " in MX", user(insider(role)).roles("USER"), EnumSet.of(role)));
    }
    for (OperationRole role : OperationRole.values()) {
      callers.add(
          new Caller(
              role + " elsewhere",
              user(outsider(role)).roles("USER"),
              EnumSet.noneOf(OperationRole.class)));
    }
    return callers;
  }

  /** What the declared policy and the rights table say the caller must get. */
  private static Answer expected(EndpointPolicy policy, Caller caller) {
    if (caller.rolesInMx() == null) {
      return policy.kind() == EndpointPolicy.Kind.PUBLIC ? Answer.ALLOWED : Answer.UNAUTHENTICATED;
    }
    if (caller.name().equals("platform admin")) return Answer.ALLOWED;
    if (policy.kind() == EndpointPolicy.Kind.RIGHT && policy.inAnyOperation()) {
      // outsiders hold their role elsewhere, which counts for "in any operation"
      OperationRole role = OperationRole.valueOf(caller.name().split(" ")[0]);
      return policy.right().holders().contains(role) ? Answer.ALLOWED : Answer.FORBIDDEN;
    }
    return policy.allows(caller.rolesInMx()) ? Answer.ALLOWED : Answer.FORBIDDEN;
  }

  private record Endpoint(RequestMethod method, String pattern, HandlerMethod handler) {
    String label() {
      return method + " " + pattern;
    }
  }

  private List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
        mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = entry.getKey();
      if (info.getPathPatternsCondition() == null) continue;
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          endpoints.add(new Endpoint(method, pattern, entry.getValue()));
        }
      }
    }
    endpoints.sort(
        java.util.Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
    return endpoints;
  }

  @Test
  void everyEndpointAnswersEachRoleAsTheRightsTableSays() throws IOException {
    List<Caller> callers = callers();
    List<String> withoutPolicy = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    Map<String, Map<String, Answer>> matrix = new LinkedHashMap<>();
    Map<String, EndpointPolicy> policies = new TreeMap<>();
    for (Endpoint endpoint : endpoints()) {
      var policy =
          EndpointPolicy.of(endpoint.handler().getBeanType(), endpoint.handler().getMethod());
      if (policy.isEmpty()) {
        withoutPolicy.add(endpoint.label() + " (" + endpoint.handler().getShortLogMessage() + ")");
        continue;
      }
      if (policy.get().kind() == EndpointPolicy.Kind.PUBLIC
          && PUBLIC_PREFIXES.stream().noneMatch(endpoint.pattern()::startsWith)
          && !PUBLIC_PAGES.contains(endpoint.pattern())) {
        wrong.add(endpoint.label() + " is public outside " + PUBLIC_PREFIXES);
      }
      policies.put(endpoint.label(), policy.get());
      Map<String, Answer> row = new LinkedHashMap<>();
      for (Caller caller : callers) {
        int status = call(caller, endpoint);
        Answer answer = Answer.of(status);
        row.put(caller.name(), answer);
        Answer expected = expected(policy.get(), caller);
        if (answer != expected) {
          wrong.add(
              "%s as %s: %d, expected %s (policy %s)"
                  .formatted(endpoint.label(), caller.name(), status, expected, policy.get()));
        }
      }
      matrix.put(endpoint.label(), row);
    }
    writeMatrix(callers, matrix, policies);

    assertThat(withoutPolicy).as("endpoints without an access policy").isEmpty();
    assertThat(wrong).as("answers that differ from the access policy").isEmpty();
    assertThat(matrix)
        .containsKeys(
            "GET /api/v1/me",
            "PUT /api/v1/operations/{operation}/settings",
            // collection progress and assignments (issue 5)
            "GET /api/v1/operations/{operation}/rounds/{round}/collection-progress",
            "GET /api/v1/operations/{operation}/rounds/{round}/collection-progress.csv",
            "PUT /api/v1/operations/{operation}/rounds/{round}/assignments",
            "POST /api/v1/operations/{operation}/rounds/{round}/assignments",
            "GET /app/operations/{operation}/rounds/{round}/collection",
            "POST /api/v1/operations/{operation}/forms/{formId}/central-pulls");

    // Issue 4's "done means", read off the answers rather than the policies:
    matrix.forEach(
        (endpoint, row) -> {
          boolean operationData = endpoint.contains("/api/v1/operations/{operation}");
          for (OperationRole role : OperationRole.values()) {
            if (operationData) {
              // nobody reaches anything of MX from another operation, by any path
              assertThat(row.get(role + " elsewhere")).as(endpoint).isEqualTo(Answer.FORBIDDEN);
            }
          }
          if (!operationData) return;
          boolean read = endpoint.startsWith("GET ");
          // partners change nothing; data-protection officers change none of the operation's
          // data: they only decide what is shared and release anonymised microdata
          boolean dataProtectionAct =
              endpoint.contains("/sharing-classes")
                  || endpoint.contains("/agreements")
                  || endpoint.contains("/microdata/");
          if (!read) {
            assertThat(row.get("PARTNER in MX")).as(endpoint).isEqualTo(Answer.FORBIDDEN);
            assertThat(row.get("DATA_PROTECTION in MX"))
                .as(endpoint)
                .isEqualTo(dataProtectionAct ? Answer.ALLOWED : Answer.FORBIDDEN);
          }
          // enumerators read nothing but the operation's basic information (for now)
          if (!endpoint.equals("GET /api/v1/operations/{operation}")) {
            assertThat(row.get("ENUMERATOR in MX")).as(endpoint).isEqualTo(Answer.FORBIDDEN);
          }
          // partners never see rounds in review, flags, assessments, imports or members
          if (endpoint.contains("/rounds")
              || endpoint.contains("/column-mappings")
              || endpoint.contains("/members")
              || endpoint.contains("/locations")) {
            assertThat(row.get("PARTNER in MX")).as(endpoint).isEqualTo(Answer.FORBIDDEN);
          }
          // the data-protection officer reads everything of the operation
          if (read) {
            assertThat(row.get("DATA_PROTECTION in MX")).as(endpoint).isEqualTo(Answer.ALLOWED);
          }
        });
  }

  private int call(Caller caller, Endpoint endpoint) {
    String path = fill(endpoint.pattern());
    HttpMethod method = HttpMethod.valueOf(endpoint.method().name());
    Parameter[] parameters = endpoint.handler().getMethod().getParameters();
    MockHttpServletRequestBuilder request;
    if (Arrays.stream(parameters).map(Parameter::getType).anyMatch(MultipartFile.class::equals)) {
      request =
          multipart(method, path)
              .file(new MockMultipartFile("file", "matrix.csv", "text/csv", "x\n".getBytes()));
    } else if (Arrays.stream(parameters).anyMatch(p -> p.isAnnotationPresent(RequestBody.class))) {
      // minimal: rejected as bad input by those allowed, after the access check
      request = request(method, path).contentType(MediaType.APPLICATION_JSON).content("{}");
    } else {
      request = request(method, path);
    }
    if (caller.signIn() != null) request = request.with(caller.signIn());
    // page forms carry the session's CSRF token, as a browser's would
    if (path.startsWith("/app/")) {
      request =
          request.with(
              org.springframework.security.test.web.servlet.request
                  .SecurityMockMvcRequestPostProcessors.csrf());
    }
    try {
      var response = mvc.perform(request).andReturn().getResponse();
      // web pages send anonymous browsers to the sign-in page where the APIs answer 401
      String location = response.getRedirectedUrl();
      if (response.getStatus() == 302 && location != null && location.endsWith("/sign-in")) {
        return 401;
      }
      return response.getStatus();
    } catch (Exception e) {
      throw new AssertionError(endpoint.label() + " as " + caller.name() + " failed", e);
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}*]+)}");

  /** The pattern with its path variables filled from the fixture. */
  private static String fill(String pattern) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "operation", OPERATION,
                "round", "1",
                "assessment", Long.toString(assessmentId),
                "flag", Long.toString(flagId),
                "revision", "1",
                "pcode", "CAF0101",
                "code", "MX-S01",
                "name", "matrix-mapping",
                "username", "mx-member",
                "token", "1"));
    values.put("id", "1"); // an agreement
    values.put("job", jobId); // an import job of MX, by admin
    values.put("place", "CAF0101");
    // collection: the fixture form; a submission and an attachment that need not exist
    values.put("formId", "matrix_form");
    values.put("version", "1");
    values.put("instanceId", "uuid:matrix");
    values.put("filename", "photo.jpg");
    Matcher matcher = VARIABLE.matcher(pattern);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      assertThat(value).as("a fixture value for {%s} in %s", matcher.group(1), pattern).isNotNull();
      matcher.appendReplacement(path, value);
    }
    matcher.appendTail(path);
    return path.toString().replaceAll("/\\*\\*$", "/x");
  }

  private static void writeMatrix(
      List<Caller> callers,
      Map<String, Map<String, Answer>> matrix,
      Map<String, EndpointPolicy> policies)
      throws IOException {
    StringBuilder out = new StringBuilder("# Endpoint × role matrix\n\n");
    out.append(
        "Generated by AccessMatrixIntegrationTest. `ok` = allowed (any answer but 401/403).\n\n");
    out.append("| endpoint | policy |");
    callers.forEach(c -> out.append(' ').append(c.name()).append(" |"));
    out.append("\n|---|---|").append("---|".repeat(callers.size())).append('\n');
    matrix.forEach(
        (endpoint, row) -> {
          out.append("| `").append(endpoint).append("` | ").append(policies.get(endpoint));
          out.append(" |");
          row.values().forEach(a -> out.append(' ').append(a.cell()).append(" |"));
          out.append('\n');
        });
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/access-matrix.md"), out);
  }

  // ------------------------------------------------------------------ rights in the API

  @Test
  void meAndRolesShowTheRightsOfTheCaller() {
    TestRestTemplate partner = anonymous.withBasicAuth(insider(OperationRole.PARTNER), PASSWORD);
    JsonNode me = partner.getForObject(url("/api/v1/me"), JsonNode.class);
    assertThat(me.path("username").asText()).isEqualTo("mx-partner");
    assertThat(me.path("platformAdmin").asBoolean()).isFalse();
    assertThat(me.path("operations")).hasSize(1);
    assertThat(me.path("operations").get(0).path("operation").asText()).isEqualTo(OPERATION);
    assertThat(me.path("operations").get(0).path("roles").get(0).asText()).isEqualTo("PARTNER");
    List<String> rights = new ArrayList<>();
    me.path("operations").get(0).path("rights").forEach(r -> rights.add(r.asText()));
    assertThat(rights)
        .containsExactlyInAnyOrder("VIEW_OPERATION", "READ_GEOGRAPHY", "READ_PUBLISHED");

    assertThat(
            admin()
                .getForObject(url("/api/v1/me"), JsonNode.class)
                .path("platformAdmin")
                .asBoolean())
        .isTrue();

    JsonNode roles = partner.getForObject(url("/api/v1/roles"), JsonNode.class);
    Map<String, Integer> rightsPerRole = new LinkedHashMap<>();
    roles.forEach(r -> rightsPerRole.put(r.path("role").asText(), r.path("rights").size()));
    assertThat(rightsPerRole).containsEntry("PLATFORM_ADMIN", Right.values().length);
    // enumerators see the operation and submit forms (collection), nothing else
    assertThat(rightsPerRole)
        .containsEntry("ENUMERATOR", Right.heldBy(Set.of(OperationRole.ENUMERATOR)).size());
    assertThat(Right.heldBy(Set.of(OperationRole.ENUMERATOR)))
        .containsExactlyInAnyOrder(Right.VIEW_OPERATION, Right.SUBMIT_FORMS);
    assertThat(rightsPerRole.keySet()).hasSize(OperationRole.values().length + 1);
  }

  @Test
  void managersGrantRolesInTheirOwnOperationOnly() {
    TestRestTemplate manager = anonymous.withBasicAuth(insider(OperationRole.MANAGER), PASSWORD);
    var created =
        manager.postForEntity(
            url("/api/v1/users"),
            Map.of(
                "username", "mx-new-partner",
                "password", "new-partner-password",
                "displayName", "New Partner"),
            JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("platformAdmin").asBoolean()).isFalse();
    // weak passwords and odd user names are refused, each with the field at fault
    var weak =
        manager.postForEntity(
            url("/api/v1/users"),
            Map.of("username", "mx weak", "password", "short"),
            JsonNode.class);
    assertThat(weak.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(weak.getBody().path("errors").get(0).path("field").asText()).isEqualTo("username");

    var granted =
        manager.exchange(
            url("/api/v1/operations/MX/members/mx-new-partner"),
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("roles", List.of("partner", "REVIEWER"))),
            JsonNode.class);
    assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(users.rolesOf("mx-new-partner", OPERATION))
        .containsExactlyInAnyOrder(OperationRole.PARTNER, OperationRole.REVIEWER);
    TestRestTemplate newcomer = anonymous.withBasicAuth("mx-new-partner", "new-partner-password");
    assertThat(
            newcomer
                .getForEntity(url("/api/v1/operations/MX/rounds"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);

    // not in another operation, and not with made-up roles
    assertThat(
            manager
                .exchange(
                    url("/api/v1/operations/MX-OTHER/members/mx-new-partner"),
                    HttpMethod.PUT,
                    new HttpEntity<>(Map.of("roles", List.of("MANAGER"))),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    var unknownRole =
        manager.exchange(
            url("/api/v1/operations/MX/members/mx-new-partner"),
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("roles", List.of("PLATFORM_ADMIN"))),
            JsonNode.class);
    assertThat(unknownRole.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(users.rolesOf("mx-new-partner", OTHER)).isEmpty();

    JsonNode members = manager.getForObject(url("/api/v1/operations/MX/members"), JsonNode.class);
    List<String> names = new ArrayList<>();
    members.forEach(m -> names.add(m.path("username").asText()));
    assertThat(names).contains("mx-new-partner", "mx-manager").doesNotContain("other-manager");

    assertThat(
            manager
                .exchange(
                    url("/api/v1/operations/MX/members/mx-new-partner"),
                    HttpMethod.DELETE,
                    HttpEntity.EMPTY,
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(users.rolesOf("mx-new-partner", OPERATION)).isEmpty();
    assertThat(
            newcomer
                .getForEntity(url("/api/v1/operations/MX/rounds"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // the platform admin gets 404 for an operation that does not exist; outsiders 403 regardless
    assertThat(
            admin()
                .exchange(
                    url("/api/v1/operations/NOPE/members/mx-new-partner"),
                    HttpMethod.PUT,
                    new HttpEntity<>(Map.of("roles", List.of("PARTNER"))),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(
            manager
                .getForEntity(url("/api/v1/operations/NOPE/rounds"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }
}
