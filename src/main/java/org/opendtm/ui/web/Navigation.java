package org.opendtm.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.NotFoundException;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundStatus;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * What the layout's header needs on every page, whichever controller rendered it: templates call it
 * as {@code ${@uiNavigation.…}}, so pages of other controllers need no model attributes for the
 * header. Public because Thymeleaf's expressions call it by reflection.
 */
@Component("uiNavigation")
public class Navigation {

  private final AccessPolicy access;
  private final GeographyManagement geography;

  private final TrackingManagement tracking;

  Navigation(AccessPolicy access, GeographyManagement geography, TrackingManagement tracking) {
    this.access = access;
    this.geography = geography;
    this.tracking = tracking;
  }

  /**
   * A link of the current operation's own navigation bar.
   *
   * @param key the message key of its label
   * @param argument the label's argument (a round number), or null
   * @param url the page's address relative to the context path
   * @param current true on the page it leads to
   */
  public record OperationLink(String key, Object argument, String url, boolean current) {}

  /**
   * The current operation's pages the user may open: its dashboard, the review page of every round
   * not yet published (newest first; where a newcomer finds the round left in review) and the
   * imports page. Empty outside an operation's pages.
   */
  public List<OperationLink> operationLinks() {
    String operation = currentOperation();
    if (operation == null || !access.isSignedIn()) return List.of();
    try {
      return operationLinks(operation);
    } catch (NotFoundException e) {
      // an address naming no operation: its 404 page is drawn with this layout too
      return List.of();
    }
  }

  private List<OperationLink> operationLinks(String operation) {
    String base = "/app/operations/" + operation;
    String path = currentPath();
    List<OperationLink> links = new ArrayList<>();
    links.add(new OperationLink("nav.dashboard", null, base, base.equals(path)));
    if (access.holds(operation, Right.READ_ROUNDS)) {
      List<Round> rounds = new ArrayList<>(tracking.listRounds(operation));
      rounds.sort(Comparator.comparingInt(Round::number).reversed());
      boolean followsCollection = access.holds(operation, Right.READ_SUBMISSIONS);
      for (Round round : rounds) {
        if (round.status() == RoundStatus.PUBLISHED) continue;
        String roundBase = base + "/rounds/" + round.number();
        String review = roundBase + "/review";
        if (round.status() == RoundStatus.IN_REVIEW) {
          links.add(
              new OperationLink("nav.reviewRound", round.number(), review, review.equals(path)));
          continue;
        }
        // a round still collecting leads to its collection page (who sent what, where), which
        // links to its review
        String collection = roundBase + "/collection";
        String url = followsCollection ? collection : review;
        boolean current = review.equals(path) || collection.equals(path);
        links.add(new OperationLink("nav.collectingRound", round.number(), url, current));
      }
    }
    if (access.holds(operation, Right.IMPORT_ASSESSMENTS)) {
      String url = base + "/imports";
      links.add(new OperationLink("nav.imports", null, url, url.equals(path)));
    }
    return links;
  }

  private static String currentPath() {
    HttpServletRequest request = request();
    if (request == null) return null;
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  /** The operations the signed-in user may open (all for platform administrators). */
  public List<Operation> operations() {
    if (!access.isSignedIn()) return List.of();
    List<Operation> all = geography.listOperations();
    if (access.isPlatformAdmin()) return all;
    Set<String> mine = access.operationsOfCurrentUser();
    return all.stream().filter(o -> mine.contains(o.code())).toList();
  }

  /** The operation code in the current page's path ({@code {operation}}), or null. */
  public String currentOperation() {
    HttpServletRequest request = request();
    if (request == null) return null;
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables instanceof Map<?, ?> map && map.get("operation") instanceof String code
        ? code
        : null;
  }

  /** The current page's address with {@code lang} set: the language switcher's links. */
  public String languageUrl(String language) {
    HttpServletRequest request = request();
    if (request == null) return "?lang=" + language;
    UriComponents address =
        ServletUriComponentsBuilder.fromRequest(request)
            .replaceQueryParam("lang", language)
            .build();
    return address.getPath() + "?" + address.getQuery();
  }

  /** The language of the page ({@code en}, {@code fr}, {@code ar}). */
  public String language() {
    Locale locale = LocaleContextHolder.getLocale();
    Locale supported = UiWebConfiguration.supported(locale.getLanguage());
    return (supported == null ? Locale.ENGLISH : supported).getLanguage();
  }

  /** {@code rtl} for right-to-left languages, else {@code ltr}. */
  public String direction() {
    return "ar".equals(language()) ? "rtl" : "ltr";
  }

  /** A link of the language switcher. */
  public record LanguageLink(String language, String url, boolean current) {}

  /** The language switcher's links: the current page in each language. */
  public List<LanguageLink> languageLinks() {
    String current = language();
    return UiWebConfiguration.LANGUAGES.stream()
        .map(Locale::getLanguage)
        .map(code -> new LanguageLink(code, languageUrl(code), code.equals(current)))
        .toList();
  }

  private static HttpServletRequest request() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
  }
}
