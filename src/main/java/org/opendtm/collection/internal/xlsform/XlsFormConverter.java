package org.opendtm.collection.internal.xlsform;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.javarosa.xpath.XPathParseTool;
import org.javarosa.xpath.parser.XPathSyntaxException;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.FormField;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Converts an XLSForm into an ODK XForm, checking it on the way the way a form designer wants to
 * hear about mistakes: every error names its sheet, row and column. The result is then parsed by
 * JavaRosa ({@link XFormValidation}) exactly as ODK Collect will parse it. The rules are in {@code
 * docs/forms.md}.
 */
public final class XlsFormConverter {

  /** The converted form: what the XForm declares, the XForm itself, and its fields in order. */
  public record ConvertedForm(
      String formId, String version, String title, String xform, List<FormField> fields) {}

  static final String ROOT = "data";
  static final String XFORMS = "http://www.w3.org/2002/xforms";
  static final String XHTML = "http://www.w3.org/1999/xhtml";
  static final String JR = "http://openrosa.org/javarosa";
  static final String ORX = "http://openrosa.org/xforms";
  static final String ODK = "http://www.opendatakit.org/xforms";
  private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_.\\-]*");
  private static final Pattern FORM_ID = Pattern.compile("[\\p{L}\\p{N}_.\\-]+");
  private static final List<String> TRANSLATED =
      List.of("label", "hint", "constraint_message", "required_message");
  private static final int MAX_LISTED_IN_DETAIL = 5;

  private XlsFormConverter() {}

  /**
   * Reads and converts an uploaded XLSForm.
   *
   * @param fileName the uploaded file's name, whose stem is the form id when settings has none
   * @param fallbackVersion the version when settings has none
   * @throws OpenDtmException {@link CollectionErrorCode#INVALID_XLSFORM} listing every error found
   */
  public static ConvertedForm convert(Path file, String fileName, String fallbackVersion) {
    return convert(XlsFormReader.read(file), fileName, fallbackVersion);
  }

  static ConvertedForm convert(XlsFormWorkbook workbook, String fileName, String fallbackVersion) {
    Conversion conversion = new Conversion(workbook);
    ConvertedForm form = conversion.run(fileName, fallbackVersion);
    // by sheet and row, as the designer reads the workbook; duplicates (one per language) once
    List<InputError> errors = new ArrayList<>(new LinkedHashSet<>(conversion.errors));
    errors.sort(
        java.util.Comparator.comparing(XlsFormConverter::sheetRank)
            .thenComparing(
                InputError::row,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
    if (errors.isEmpty()) {
      errors = XFormValidation.validate(form.xform(), conversion.rowsByPath());
    }
    if (!errors.isEmpty()) throw invalid(errors);
    return form;
  }

  private static int sheetRank(InputError error) {
    String field = error.field() == null ? "" : error.field();
    if (field.startsWith("survey")) return 0;
    if (field.startsWith("choices")) return 1;
    return 2;
  }

  static OpenDtmException invalid(List<InputError> errors) {
    String listed =
        errors.stream()
            .limit(MAX_LISTED_IN_DETAIL)
            .map(XlsFormConverter::describe)
            .collect(Collectors.joining("; "));
    String more =
        errors.size() > MAX_LISTED_IN_DETAIL
            ? " (and " + (errors.size() - MAX_LISTED_IN_DETAIL) + " more)"
            : "";
    return new OpenDtmException(
        CollectionErrorCode.INVALID_XLSFORM,
        "The XLSForm has "
            + errors.size()
            + (errors.size() == 1 ? " error: " : " errors: ")
            + listed
            + more,
        errors);
  }

  /** "survey row 14, column relevant: ${age} refers to a field that does not exist". */
  static String describe(InputError error) {
    StringBuilder text = new StringBuilder();
    String field = error.field();
    if (field != null) {
      int dot = field.indexOf('.');
      String sheet = dot < 0 ? field : field.substring(0, dot);
      text.append(sheet);
      if (error.row() != null) text.append(" row ").append(error.row());
      if (dot >= 0) text.append(", column ").append(field.substring(dot + 1));
    } else if (error.row() != null) {
      text.append("row ").append(error.row());
    }
    return text.append(text.isEmpty() ? "" : ": ").append(error.reason()).toString();
  }

  // ------------------------------------------------------------------------------------ model

  enum Kind {
    ROOT,
    GROUP,
    REPEAT,
    QUESTION
  }

  static final class Node {
    final Kind kind;
    final String name;
    final SheetRow row;
    final Node parent;
    final List<Node> children = new ArrayList<>();
    QuestionType type;
    String listName;
    boolean orOther;

    /** For the text question added after a select with or_other: the select it specifies. */
    Node otherOf;

    /** For a repeat whose repeat_count is an expression: the generated count field. */
    Node countField;

    Node(Kind kind, String name, SheetRow row, Node parent) {
      this.kind = kind;
      this.name = name;
      this.row = row;
      this.parent = parent;
    }

    String path() {
      return parent == null ? "/" + ROOT : parent.path() + "/" + name;
    }

    String repeatPath() {
      for (Node n = parent; n != null; n = n.parent) if (n.kind == Kind.REPEAT) return n.path();
      return null;
    }
  }

  record Choice(String name, SheetRow row) {}

  /** One conversion: the workbook, what has been learnt of it, and the errors found so far. */
  private static final class Conversion {
    final XlsFormWorkbook workbook;
    final List<InputError> errors = new ArrayList<>();
    final Node root = new Node(Kind.ROOT, ROOT, null, null);
    final Map<String, Node> byName = new HashMap<>();

    /** Names of rows refused for another reason: references to them are not errors again. */
    final Set<String> refused = new java.util.HashSet<>();

    final Map<String, List<Choice>> lists = new LinkedHashMap<>();
    final Set<String> languages = new LinkedHashSet<>();
    String defaultLanguage;

    /** itext id → language → text (insertion order kept, so the XForm is reproducible). */
    final Map<String, Map<String, String>> itext = new LinkedHashMap<>();

    final Map<String, Node> filteredLists = new LinkedHashMap<>();
    Document document;

    Conversion(XlsFormWorkbook workbook) {
      this.workbook = workbook;
    }

    Map<String, SheetRow> rowsByPath() {
      Map<String, SheetRow> rows = new HashMap<>();
      byName.values().forEach(n -> rows.put(n.path(), n.row));
      return rows;
    }

    void error(SheetRow row, String column, String value, String reason) {
      errors.add(
          new InputError(
              row == null ? null : row.row(),
              (row == null ? "settings" : row.sheet()) + (column == null ? "" : "." + column),
              value == null || value.isEmpty() ? null : value,
              reason));
    }

    ConvertedForm run(String fileName, String fallbackVersion) {
      readLanguages();
      readChoices();
      readSurvey();
      Map<String, String> settings = workbook.settings();
      SheetRow settingsRow = new SheetRow("settings", workbook.settingsRow(), settings);
      String formId = settings.getOrDefault("form_id", "");
      if (formId.isEmpty()) formId = stem(fileName);
      if (!FORM_ID.matcher(formId).matches()) {
        error(
            settingsRow,
            "form_id",
            formId,
            "a form id may hold letters, digits, '_', '-' and '.' only");
      }
      String version = settings.getOrDefault("version", "");
      if (version.isEmpty()) version = fallbackVersion;
      if (version.length() > 100 || version.chars().anyMatch(Character::isWhitespace)) {
        error(settingsRow, "version", version, "a version is at most 100 characters, no spaces");
      }
      String title = settings.getOrDefault("form_title", "");
      if (title.isEmpty()) title = formId;
      String instanceName = expression(settingsRow, "instance_name");
      // written even when errors were found, so that expressions are checked too: all errors in
      // one answer
      String xform = write(formId, version, title, instanceName);
      return new ConvertedForm(formId, version, title, xform, fields());
    }

    private static String stem(String fileName) {
      String name = fileName == null ? "form" : Path.of(fileName).getFileName().toString();
      int dot = name.lastIndexOf('.');
      if (dot > 0) name = name.substring(0, dot);
      name = name.replaceAll("[^\\p{L}\\p{N}_.\\-]", "_");
      return name.isEmpty() ? "form" : name;
    }

    // ------------------------------------------------------------------------------ reading

    void readLanguages() {
      List<String> columns = new ArrayList<>(workbook.surveyColumns());
      if (workbook.choicesColumns() != null) columns.addAll(workbook.choicesColumns());
      for (String column : columns) {
        int separator = column.indexOf("::");
        if (separator > 0 && TRANSLATED.contains(column.substring(0, separator))) {
          languages.add(column.substring(separator + 2));
        }
      }
      String wanted = workbook.settings().getOrDefault("default_language", "");
      if (!wanted.isEmpty() && !languages.isEmpty() && !languages.contains(wanted)) {
        error(
            new SheetRow("settings", workbook.settingsRow(), workbook.settings()),
            "default_language",
            wanted,
            "'"
                + wanted
                + "' is not one of the languages of the labels ("
                + String.join(", ", languages)
                + ")");
      }
      defaultLanguage =
          languages.contains(wanted) ? wanted : languages.stream().findFirst().orElse(null);
    }

    void readChoices() {
      for (SheetRow row : workbook.choices()) {
        String list = row.get("list_name");
        String name = row.get("name");
        if (list.isEmpty()) {
          error(row, "list_name", null, "the choice has no list_name");
          continue;
        }
        if (name.isEmpty()) {
          error(row, "name", null, "the choice of list '" + list + "' has no name");
          continue;
        }
        List<Choice> choices = lists.computeIfAbsent(list, l -> new ArrayList<>());
        for (Choice other : choices) {
          if (other.name().equals(name)) {
            error(
                row,
                "name",
                name,
                "list '"
                    + list
                    + "' already has a choice '"
                    + name
                    + "' (choices row "
                    + other.row().row()
                    + ")");
          }
        }
        if (!hasText(row, "label")) {
          error(
              row, "label", null, "the choice '" + name + "' of list '" + list + "' has no label");
        }
        choices.add(new Choice(name, row));
      }
    }

    void readSurvey() {
      if (!workbook.surveyColumns().contains("type")) {
        error(workbook.survey().get(0), "type", null, "the survey sheet has no type column");
        return;
      }
      if (!workbook.surveyColumns().contains("name")) {
        error(workbook.survey().get(0), "name", null, "the survey sheet has no name column");
        return;
      }
      Deque<Node> open = new ArrayDeque<>();
      open.push(root);
      for (SheetRow row : workbook.survey()) {
        String typeText = row.get("type").strip();
        if (typeText.isEmpty()) {
          error(row, "type", null, "the row has no type");
          continue;
        }
        String[] words = typeText.split("\\s+");
        String keyword = words[0].toLowerCase(Locale.ROOT);
        int next = 1;
        if (words.length > 1
            && (keyword.equals("begin")
                || keyword.equals("end")
                || (keyword.equals("select")
                    && List.of("one", "multiple").contains(words[1].toLowerCase(Locale.ROOT))))) {
          keyword = keyword + "_" + words[1].toLowerCase(Locale.ROOT);
          next = 2;
        }
        switch (keyword) {
          case "begin_group", "begin_repeat" -> {
            Kind kind = keyword.equals("begin_group") ? Kind.GROUP : Kind.REPEAT;
            Node group = named(row, kind, open.peek());
            // a refused group still opens, detached, so that its end row is not an error too
            open.push(group != null ? group : new Node(kind, row.get("name"), row, open.peek()));
          }
          case "end_group", "end_repeat" -> {
            Kind kind = keyword.equals("end_group") ? Kind.GROUP : Kind.REPEAT;
            String what = kind == Kind.GROUP ? "group" : "repeat";
            if (open.size() == 1) {
              error(row, "type", typeText, "end " + what + " without a begin " + what);
              continue;
            }
            Node closed = open.pop();
            if (closed.kind != kind) {
              String began = closed.kind == Kind.GROUP ? "group" : "repeat";
              error(
                  row,
                  "type",
                  typeText,
                  "end "
                      + what
                      + " closes the "
                      + began
                      + " '"
                      + closed.name
                      + "' begun on survey row "
                      + closed.row.row()
                      + ", which needs an end "
                      + began);
            }
          }
          default -> question(row, keyword, words, next, typeText, open.peek());
        }
      }
      while (open.size() > 1) {
        Node unclosed = open.pop();
        String what = unclosed.kind == Kind.GROUP ? "group" : "repeat";
        error(
            unclosed.row,
            "type",
            "begin " + what,
            "begin " + what + " '" + unclosed.name + "' has no end " + what);
      }
      checkQuestions(root);
    }

    private void question(
        SheetRow row, String keyword, String[] words, int next, String typeText, Node parent) {
      QuestionType type = QuestionType.of(keyword).orElse(null);
      if (type == null) {
        refused.add(row.get("name"));
        error(
            row,
            "type",
            typeText,
            "'"
                + typeText
                + "' is not a question type OpenDTM knows"
                + " (text, integer, decimal, select_one LIST, select_multiple LIST, date, time,"
                + " dateTime, geopoint, geotrace, geoshape, note, calculate, acknowledge, image,"
                + " audio, video, file, barcode, hidden, begin/end group, begin/end repeat, start,"
                + " end, today, deviceid, username)");
        return;
      }
      Node question = named(row, Kind.QUESTION, parent);
      if (question == null) return;
      question.type = type;
      if (type.isSelect()) {
        if (words.length <= next) {
          error(
              row,
              "type",
              typeText,
              typeText + " needs the name of its choice list, e.g. " + type.keyword() + " reasons");
          return;
        }
        question.listName = words[next];
        if (words.length > next + 1) {
          if (words.length == next + 2 && words[next + 1].equalsIgnoreCase("or_other")) {
            question.orOther = true;
          } else {
            error(row, "type", typeText, "after the list name only or_other may follow");
          }
        }
        if (type == QuestionType.SELECT_MULTIPLE) {
          for (Choice choice : lists.getOrDefault(question.listName, List.of())) {
            if (choice.name().chars().anyMatch(Character::isWhitespace)) {
              error(
                  choice.row(),
                  "name",
                  choice.name(),
                  "the list '"
                      + question.listName
                      + "' is used by a select_multiple, whose answers are separated by spaces:"
                      + " its choice names cannot hold spaces");
            }
          }
        }
        if (!lists.containsKey(question.listName)) {
          error(
              row,
              "type",
              typeText,
              type.keyword() + " list '" + question.listName + "' is not in the choices sheet");
        }
        if (question.orOther) {
          Node other = new Node(Kind.QUESTION, question.name + "_other", row, parent);
          other.type = QuestionType.TEXT;
          other.otherOf = question;
          register(other, row);
          parent.children.add(other);
        }
      } else if (words.length > next) {
        error(row, "type", typeText, "'" + keyword + "' takes nothing after it");
      }
    }

    private Node named(SheetRow row, Kind kind, Node parent) {
      String name = row.get("name");
      if (name.isEmpty()) {
        error(row, "name", null, "the row has no name");
        return null;
      }
      if (!NAME.matcher(name).matches()) {
        refused.add(name);
        error(
            row,
            "name",
            name,
            "a name must begin with a letter or '_' and hold only letters,"
                + " digits, '_', '-' and '.'");
        return null;
      }
      if (parent == root && name.equals("meta")) {
        error(row, "name", name, "the name 'meta' is reserved for the form's metadata");
        return null;
      }
      Node node = new Node(kind, name, row, parent);
      if (!register(node, row)) return null;
      parent.children.add(node);
      return node;
    }

    private boolean register(Node node, SheetRow row) {
      Node earlier = byName.putIfAbsent(node.name, node);
      if (earlier != null) {
        error(
            row,
            "name",
            node.name,
            "duplicate name '"
                + node.name
                + "': survey row "
                + earlier.row.row()
                + " already uses it (names must be unique so ${"
                + node.name
                + "} means one field)");
        return false;
      }
      return true;
    }

    /** Checks of each question that need every name known: labels, calculations. */
    private void checkQuestions(Node parent) {
      for (Node node : parent.children) {
        if (node.kind == Kind.QUESTION && node.otherOf == null) {
          if (node.type.needsLabel() && !hasText(node.row, "label") && !hasText(node.row, "hint")) {
            error(node.row, "label", null, "the question '" + node.name + "' has no label");
          }
          if (node.type == QuestionType.CALCULATE && !node.row.has("calculation")) {
            error(
                node.row,
                "calculation",
                null,
                "the calculate '" + node.name + "' has no calculation");
          }
        }
        checkQuestions(node);
      }
    }

    boolean hasText(SheetRow row, String base) {
      if (row.has(base)) return true;
      for (String language : languages) if (row.has(base + "::" + language)) return true;
      return false;
    }

    // --------------------------------------------------------------------------- expressions

    /**
     * The cell as an XPath expression: {@code ${name}} replaced by the field's absolute path, the
     * syntax checked by JavaRosa's own XPath parser. Null when the cell is blank or wrong (the
     * error is recorded).
     */
    String expression(SheetRow row, String column) {
      String text = row.get(column).strip();
      if (text.isEmpty()) return null;
      String converted = references(row, column, text, false);
      if (converted == null) return null;
      try {
        XPathParseTool.parseXPath(converted);
      } catch (XPathSyntaxException | RuntimeException e) {
        error(row, column, text, "the expression is not valid XPath: " + e.getMessage());
        return null;
      }
      return converted;
    }

    /** Replaces each ${name}; in labels, as an output element marker. Null on an unknown name. */
    String references(SheetRow row, String column, String text, boolean asOutput) {
      Matcher matcher = REFERENCE.matcher(text);
      StringBuilder out = new StringBuilder();
      boolean ok = true;
      while (matcher.find()) {
        String name = matcher.group(1).strip();
        Node target = byName.get(name);
        if (target == null) {
          if (refused.contains(name)) {
            ok = false;
            continue;
          }
          error(row, column, text, "${" + name + "} refers to a field that does not exist");
          ok = false;
          continue;
        }
        String path = target.path();
        matcher.appendReplacement(
            out, Matcher.quoteReplacement(asOutput ? "\u0000" + path + "\u0000" : path));
      }
      matcher.appendTail(out);
      return ok ? out.toString() : null;
    }

    /** "yes"/"true" → true(), "no"/"false"/blank → null, anything else an expression. */
    String flag(SheetRow row, String column) {
      String text = row.get(column).strip();
      switch (text.toLowerCase(Locale.ROOT)) {
        case "", "no", "false", "false()", "0" -> {
          return null;
        }
        case "yes", "true", "true()", "1" -> {
          return "true()";
        }
        default -> {
          return expression(row, column);
        }
      }
    }

    // ------------------------------------------------------------------------------- writing

    String write(String formId, String version, String title, String instanceName) {
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        document = factory.newDocumentBuilder().newDocument();
      } catch (ParserConfigurationException e) {
        throw new IllegalStateException(e);
      }
      Element html = document.createElementNS(XHTML, "h:html");
      document.appendChild(html);
      html.setAttributeNS(XMLNS, "xmlns", XFORMS);
      html.setAttributeNS(XMLNS, "xmlns:h", XHTML);
      html.setAttributeNS(XMLNS, "xmlns:ev", "http://www.w3.org/2001/xml-events");
      html.setAttributeNS(XMLNS, "xmlns:xsd", "http://www.w3.org/2001/XMLSchema");
      html.setAttributeNS(XMLNS, "xmlns:jr", JR);
      html.setAttributeNS(XMLNS, "xmlns:orx", ORX);
      html.setAttributeNS(XMLNS, "xmlns:odk", ODK);
      Element head = child(html, XHTML, "h:head");
      child(head, XHTML, "h:title").setTextContent(title);
      Element model = child(head, XFORMS, "model");
      model.setAttributeNS(ODK, "odk:xforms-version", "1.0.0");
      Element itextElement = languages.isEmpty() ? null : child(model, XFORMS, "itext");

      Element instance = child(model, XFORMS, "instance");
      Element data = child(instance, XFORMS, ROOT);
      data.setAttribute("id", formId);
      data.setAttribute("version", version);
      Element body = document.createElementNS(XHTML, "h:body");

      List<Element> binds = new ArrayList<>();
      writeChildren(root, data, body, binds);

      Element meta = child(data, ORX, "orx:meta");
      child(meta, ORX, "orx:instanceID");
      Element idBind = document.createElementNS(XFORMS, "bind");
      idBind.setAttribute("nodeset", "/" + ROOT + "/orx:meta/orx:instanceID");
      idBind.setAttribute("type", "string");
      idBind.setAttribute("readonly", "true()");
      idBind.setAttributeNS(JR, "jr:preload", "uid");
      binds.add(idBind);
      if (instanceName != null) {
        child(meta, ORX, "orx:instanceName");
        Element nameBind = document.createElementNS(XFORMS, "bind");
        nameBind.setAttribute("nodeset", "/" + ROOT + "/orx:meta/orx:instanceName");
        nameBind.setAttribute("type", "string");
        nameBind.setAttribute("calculate", instanceName);
        binds.add(nameBind);
      }
      filteredLists.forEach((listKey, select) -> writeChoiceInstance(model, listKey, select));
      binds.forEach(model::appendChild);
      html.appendChild(body);
      if (itextElement != null) writeItext(itextElement);
      return serialise();
    }

    private Element child(Element parent, String namespace, String name) {
      Element element = document.createElementNS(namespace, name);
      parent.appendChild(element);
      return element;
    }

    private void writeChildren(Node parent, Element data, Element body, List<Element> binds) {
      for (Node node : parent.children) {
        Element field = child(data, XFORMS, node.name);
        switch (node.kind) {
          case GROUP -> {
            Element group = child(body, XFORMS, "group");
            group.setAttribute("ref", node.path());
            appearance(group, node.row);
            label(group, node, "label");
            Element bind = bind(node);
            attribute(bind, "relevant", expression(node.row, "relevant"));
            if (bind.hasAttribute("relevant")) binds.add(bind);
            writeChildren(node, field, group, binds);
          }
          case REPEAT -> {
            field.setAttributeNS(JR, "jr:template", "");
            Element group = child(body, XFORMS, "group");
            group.setAttribute("ref", node.path());
            label(group, node, "label");
            Element repeat = child(group, XFORMS, "repeat");
            repeat.setAttribute("nodeset", node.path());
            appearance(repeat, node.row);
            Element bind = bind(node);
            attribute(bind, "relevant", expression(node.row, "relevant"));
            if (bind.hasAttribute("relevant")) binds.add(bind);
            repeatCount(node, repeat, data, binds);
            writeChildren(node, field, repeat, binds);
          }
          case QUESTION -> writeQuestion(node, field, body, binds);
          default -> throw new IllegalStateException();
        }
      }
    }

    private void repeatCount(
        Node repeat, Element repeatElement, Element data, List<Element> binds) {
      String count = expression(repeat.row, "repeat_count");
      if (count == null) return;
      Node target = null;
      for (Node n : byName.values()) if (n.path().equals(count)) target = n;
      if (target != null) {
        repeatElement.setAttributeNS(JR, "jr:count", count);
        return;
      }
      // jr:count takes a reference only: an expression is computed into a field beside it
      Node counter = new Node(Kind.QUESTION, repeat.name + "_count", repeat.row, repeat.parent);
      counter.type = QuestionType.CALCULATE;
      if (!register(counter, repeat.row)) return;
      repeat.countField = counter;
      child(data, XFORMS, counter.name);
      Element bind = bind(counter);
      bind.setAttribute("type", "string");
      bind.setAttribute("readonly", "true()");
      bind.setAttribute("calculate", count);
      binds.add(bind);
      repeatElement.setAttributeNS(JR, "jr:count", counter.path());
    }

    private void writeQuestion(Node node, Element field, Element body, List<Element> binds) {
      SheetRow row = node.row;
      QuestionType type = node.type;
      Element bind = bind(node);
      bind.setAttribute("type", type.dataType());
      binds.add(bind);
      if (node.otherOf != null) {
        bind.setAttribute("relevant", "selected(" + node.otherOf.path() + ", 'other')");
        Element input = child(body, XFORMS, "input");
        input.setAttribute("ref", node.path());
        otherLabel(input, node);
        return;
      }
      String defaultValue = row.get("default");
      if (!defaultValue.isEmpty()) {
        if (defaultValue.contains("${")) {
          error(
              row,
              "default",
              defaultValue,
              "a default is a fixed value; compute values that"
                  + " depend on other fields with calculation");
        }
        field.setTextContent(defaultValue);
      }
      attribute(bind, "required", flag(row, "required"));
      if (bind.hasAttribute("required")) message(bind, node, "required_message", "jr:requiredMsg");
      attribute(bind, "relevant", expression(row, "relevant"));
      attribute(bind, "constraint", expression(row, "constraint"));
      if (bind.hasAttribute("constraint")) {
        message(bind, node, "constraint_message", "jr:constraintMsg");
      }
      attribute(bind, "calculate", expression(row, "calculation"));
      String readOnly = flag(row, "read_only");
      if (type == QuestionType.NOTE) readOnly = "true()";
      attribute(bind, "readonly", readOnly);
      if (type.isMetadata()) {
        bind.setAttributeNS(JR, "jr:preload", type.preload());
        bind.setAttributeNS(JR, "jr:preloadParams", type.preloadParams());
      }
      Element control =
          switch (type.control()) {
            case INPUT -> child(body, XFORMS, "input");
            case SELECT1 -> child(body, XFORMS, "select1");
            case SELECT -> child(body, XFORMS, "select");
            case UPLOAD -> child(body, XFORMS, "upload");
            case TRIGGER -> child(body, XFORMS, "trigger");
            case NONE -> null;
          };
      if (control == null) return;
      control.setAttribute("ref", node.path());
      if (type.mediaType() != null) control.setAttribute("mediatype", type.mediaType());
      appearance(control, row);
      label(control, node, "label");
      label(control, node, "hint");
      if (type.isSelect()) choices(node, control);
    }

    private Element bind(Node node) {
      Element bind = document.createElementNS(XFORMS, "bind");
      bind.setAttribute("nodeset", node.path());
      return bind;
    }

    private static void attribute(Element element, String name, String value) {
      if (value != null) element.setAttribute(name, value);
    }

    private static void appearance(Element element, SheetRow row) {
      if (row.has("appearance")) element.setAttribute("appearance", row.get("appearance"));
    }

    // ------------------------------------------------------------------- labels and choices

    /** The text of a translatable column per language (each language falling back to others). */
    private Map<String, String> texts(SheetRow row, String base) {
      Map<String, String> texts = new LinkedHashMap<>();
      String plain = row.get(base);
      String any = plain;
      for (String language : languages) {
        String text = row.get(base + "::" + language);
        if (any.isEmpty()) any = text;
        texts.put(language, text);
      }
      if (languages.isEmpty()) {
        if (!plain.isEmpty()) texts.put("", plain);
        return texts;
      }
      if (any.isEmpty()) return Map.of();
      String fallback = plain.isEmpty() ? any : plain;
      texts.replaceAll((language, text) -> text.isEmpty() ? fallback : text);
      return texts;
    }

    private void label(Element control, Node node, String base) {
      Map<String, String> texts = texts(node.row, base);
      if (texts.isEmpty()) return;
      Element label = child(control, XFORMS, base);
      if (languages.isEmpty()) {
        mixed(label, node.row, base, texts.get(""));
      } else {
        String id = node.path() + ":" + base;
        itext.put(id, texts);
        itextRows.put(id, new String[] {String.valueOf(node.row.row()), base});
        label.setAttribute("ref", "jr:itext('" + id + "')");
      }
    }

    /** Which row and column an itext text comes from, to report bad references in it. */
    private final Map<String, String[]> itextRows = new HashMap<>();

    private void otherLabel(Element control, Node node) {
      Element label = child(control, XFORMS, "label");
      if (languages.isEmpty()) {
        label.setTextContent("Specify other.");
      } else {
        String id = node.path() + ":label";
        Map<String, String> texts = new LinkedHashMap<>();
        languages.forEach(language -> texts.put(language, "Specify other."));
        itext.put(id, texts);
        label.setAttribute("ref", "jr:itext('" + id + "')");
      }
    }

    private void message(Element bind, Node node, String column, String attribute) {
      Map<String, String> texts = texts(node.row, column);
      if (texts.isEmpty()) return;
      if (languages.isEmpty()) {
        bind.setAttributeNS(JR, attribute, texts.get(""));
      } else {
        String id = node.path() + ":" + column;
        itext.put(id, texts);
        bind.setAttributeNS(JR, attribute, "jr:itext('" + id + "')");
      }
    }

    /**
     * Text with ${name} as {@code <output value="path"/>}, as labels and hints may show answers.
     */
    private void mixed(Element element, SheetRow row, String column, String text) {
      String converted = references(row, column, text, true);
      if (converted == null) return;
      String[] parts = converted.split("\u0000", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i % 2 == 0) {
          if (!parts[i].isEmpty()) element.appendChild(document.createTextNode(parts[i]));
        } else {
          Element output = document.createElementNS(XFORMS, "output");
          output.setAttribute("value", parts[i]);
          element.appendChild(output);
        }
      }
    }

    private List<Choice> choicesOf(Node node) {
      List<Choice> choices = new ArrayList<>(lists.getOrDefault(node.listName, List.of()));
      if (node.orOther && choices.stream().noneMatch(c -> c.name().equals("other"))) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("list_name", node.listName);
        cells.put("name", "other");
        cells.put("label", "Other");
        choices.add(new Choice("other", new SheetRow("choices", node.row.row(), cells)));
      }
      return choices;
    }

    private String choiceTextId(String list, int index) {
      return list + "-" + index;
    }

    private void choices(Node node, Element control) {
      List<Choice> choices = choicesOf(node);
      String listKey = node.listName + (node.orOther ? "_or_other" : "");
      if (!languages.isEmpty()) {
        for (int i = 0; i < choices.size(); i++) {
          Map<String, String> texts = texts(choices.get(i).row(), "label");
          if (texts.isEmpty()) texts = Map.of();
          itext.putIfAbsent(choiceTextId(listKey, i), texts);
        }
      }
      if (node.row.has("choice_filter")) {
        String filter = expression(node.row, "choice_filter");
        if (filter == null) return;
        filteredLists.putIfAbsent(listKey, node);
        Element itemset = child(control, XFORMS, "itemset");
        itemset.setAttribute("nodeset", "instance('" + listKey + "')/root/item[" + filter + "]");
        Element value = child(itemset, XFORMS, "value");
        value.setAttribute("ref", "name");
        Element label = child(itemset, XFORMS, "label");
        label.setAttribute("ref", languages.isEmpty() ? "label" : "jr:itext(itextId)");
        return;
      }
      for (int i = 0; i < choices.size(); i++) {
        Choice choice = choices.get(i);
        Element item = child(control, XFORMS, "item");
        Element label = child(item, XFORMS, "label");
        if (languages.isEmpty()) {
          label.setTextContent(choice.row().get("label"));
        } else {
          label.setAttribute("ref", "jr:itext('" + choiceTextId(listKey, i) + "')");
        }
        child(item, XFORMS, "value").setTextContent(choice.name());
      }
    }

    /** A secondary instance holding a list, for selects filtered by choice_filter. */
    private void writeChoiceInstance(Element model, String listKey, Node select) {
      Element instance = document.createElementNS(XFORMS, "instance");
      instance.setAttribute("id", listKey);
      Element rootElement = child(instance, XFORMS, "root");
      List<Choice> choices = choicesOf(select);
      for (int i = 0; i < choices.size(); i++) {
        Choice choice = choices.get(i);
        Element item = child(rootElement, XFORMS, "item");
        if (languages.isEmpty()) {
          child(item, XFORMS, "label").setTextContent(choice.row().get("label"));
        } else {
          child(item, XFORMS, "itextId").setTextContent(choiceTextId(listKey, i));
        }
        child(item, XFORMS, "name").setTextContent(choice.name());
        choice
            .row()
            .cells()
            .forEach(
                (column, value) -> {
                  if (column.equals("name")
                      || column.equals("list_name")
                      || column.startsWith("label")
                      || column.contains("::")
                      || !NAME.matcher(column).matches()) {
                    return;
                  }
                  child(item, XFORMS, column).setTextContent(value);
                });
      }
      // secondary instances go after the primary one
      Element primary = (Element) model.getElementsByTagNameNS(XFORMS, "instance").item(0);
      model.insertBefore(instance, primary.getNextSibling());
    }

    private void writeItext(Element itextElement) {
      for (String language : languages) {
        Element translation = child(itextElement, XFORMS, "translation");
        translation.setAttribute("lang", language);
        if (language.equals(defaultLanguage)) translation.setAttribute("default", "true()");
        itext.forEach(
            (id, texts) -> {
              Element text = child(translation, XFORMS, "text");
              text.setAttribute("id", id);
              Element value = child(text, XFORMS, "value");
              String content = texts.getOrDefault(language, "");
              String[] source = itextRows.get(id);
              if (source != null) {
                SheetRow row = byRowNumber(Long.parseLong(source[0]));
                mixed(value, row, source[1] + "::" + language, content);
              } else {
                value.setTextContent(content.isEmpty() ? "-" : content);
              }
            });
      }
    }

    private SheetRow byRowNumber(long number) {
      for (SheetRow row : workbook.survey()) if (row.row() == number) return row;
      throw new IllegalStateException("no survey row " + number);
    }

    /**
     * The document as text, indented where an element holds only elements: labels with {@code
     * <output>} keep their text exactly (an indenting transformer would add line breaks inside
     * them, which Collect shows).
     */
    private String serialise() {
      StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      serialise(document.getDocumentElement(), 0, out);
      return out.toString();
    }

    private static void serialise(Element element, int depth, StringBuilder out) {
      out.append("  ".repeat(depth)).append('<').append(element.getTagName());
      var attributes = element.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        var attribute = attributes.item(i);
        out.append(' ').append(attribute.getNodeName()).append("=\"");
        escape(attribute.getNodeValue(), true, out);
        out.append('"');
      }
      var children = element.getChildNodes();
      if (children.getLength() == 0) {
        out.append("/>\n");
        return;
      }
      boolean onlyElements = true;
      for (int i = 0; i < children.getLength(); i++) {
        if (children.item(i).getNodeType() != org.w3c.dom.Node.ELEMENT_NODE) onlyElements = false;
      }
      out.append('>');
      if (onlyElements) {
        out.append('\n');
        for (int i = 0; i < children.getLength(); i++) {
          serialise((Element) children.item(i), depth + 1, out);
        }
        out.append("  ".repeat(depth));
      } else {
        for (int i = 0; i < children.getLength(); i++) inline(children.item(i), out);
      }
      out.append("</").append(element.getTagName()).append(">\n");
    }

    private static void inline(org.w3c.dom.Node node, StringBuilder out) {
      if (node.getNodeType() != org.w3c.dom.Node.ELEMENT_NODE) {
        escape(node.getNodeValue(), false, out);
        return;
      }
      Element element = (Element) node;
      out.append('<').append(element.getTagName());
      var attributes = element.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        var attribute = attributes.item(i);
        out.append(' ').append(attribute.getNodeName()).append("=\"");
        escape(attribute.getNodeValue(), true, out);
        out.append('"');
      }
      if (!element.hasChildNodes()) {
        out.append("/>");
        return;
      }
      out.append('>');
      var children = element.getChildNodes();
      for (int i = 0; i < children.getLength(); i++) inline(children.item(i), out);
      out.append("</").append(element.getTagName()).append('>');
    }

    private static void escape(String text, boolean attribute, StringBuilder out) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '"' -> out.append(attribute ? "&quot;" : "\"");
          case '\n' -> out.append(attribute ? "&#10;" : "\n");
          case '\r' -> out.append("&#13;");
          case '\t' -> out.append(attribute ? "&#9;" : "\t");
          default -> {
            // characters XML 1.0 cannot carry are dropped rather than making the form unreadable
            if (c >= 0x20 || c == '\t') out.append(c);
          }
        }
      }
    }

    // -------------------------------------------------------------------------------- fields

    List<FormField> fields() {
      List<FormField> fields = new ArrayList<>();
      collect(root, fields);
      String meta = "/" + ROOT + "/meta";
      fields.add(
          new FormField(meta + "/instanceID", "instanceID", "meta", "string", null, null, null));
      if (workbook.settings().containsKey("instance_name")) {
        fields.add(
            new FormField(
                meta + "/instanceName", "instanceName", "meta", "string", null, null, null));
      }
      return fields;
    }

    private void collect(Node parent, List<FormField> fields) {
      for (Node node : parent.children) {
        String label = defaultText(node);
        switch (node.kind) {
          case GROUP, REPEAT -> {
            fields.add(
                new FormField(
                    node.path(),
                    node.name,
                    node.kind == Kind.GROUP ? "group" : "repeat",
                    null,
                    null,
                    label,
                    node.repeatPath()));
            if (node.countField != null) {
              fields.add(
                  new FormField(
                      node.countField.path(),
                      node.countField.name,
                      "calculate",
                      "string",
                      null,
                      null,
                      node.repeatPath()));
            }
            collect(node, fields);
          }
          default ->
              fields.add(
                  new FormField(
                      node.path(),
                      node.name,
                      node.type.keyword(),
                      node.type.dataType(),
                      node.listName,
                      label,
                      node.repeatPath()));
        }
      }
    }

    private String defaultText(Node node) {
      if (node.otherOf != null) return "Specify other.";
      Map<String, String> texts = texts(node.row, "label");
      if (texts.isEmpty()) return null;
      return languages.isEmpty() ? texts.get("") : texts.get(defaultLanguage);
    }
  }
}
