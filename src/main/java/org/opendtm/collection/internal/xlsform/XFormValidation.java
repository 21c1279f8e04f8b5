package org.opendtm.collection.internal.xlsform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.xform.util.XFormUtils;
import org.opendtm.platform.InputError;

/**
 * Parses a generated XForm with JavaRosa, the engine inside ODK Collect, and initialises a blank
 * instance (which evaluates every calculation, relevance and default once and checks the dependency
 * graph for cycles). What JavaRosa refuses, Collect would refuse on the phone; its message is
 * mapped back to the survey row of the field it names, where it names one.
 */
final class XFormValidation {

  private static final Pattern PATH =
      Pattern.compile("/" + XlsFormConverter.ROOT + "(/[\\p{L}_][\\p{L}\\p{N}_.\\-]*)+");

  static {
    // JavaRosa fills deviceid/username preloads from a property manager, whose default needs a
    // storage: the check needs none of those values, so an empty one in memory
    org.javarosa.core.services.PropertyManager.setPropertyManager(new NoProperties());
  }

  private XFormValidation() {}

  private static final class NoProperties implements org.javarosa.core.services.IPropertyManager {
    private final List<org.javarosa.core.services.properties.IPropertyRules> rules =
        new ArrayList<>();

    @Override
    public List<String> getProperty(String name) {
      return null;
    }

    @Override
    public void setProperty(String name, String value) {}

    @Override
    public void setProperty(String name, List<String> values) {}

    @Override
    public String getSingularProperty(String name) {
      return null;
    }

    @Override
    public void addRules(org.javarosa.core.services.properties.IPropertyRules rule) {
      rules.add(rule);
    }

    @Override
    public List<org.javarosa.core.services.properties.IPropertyRules> getRules() {
      return rules;
    }
  }

  // JavaRosa keeps parser settings in static fields: one parse at a time
  static synchronized List<InputError> validate(String xform, Map<String, SheetRow> rowsByPath) {
    try {
      FormDef form =
          XFormUtils.getFormFromInputStream(
              new java.io.ByteArrayInputStream(
                  xform.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      form.initialize(true, new InstanceInitializationFactory());
      return List.of();
    } catch (Exception | StackOverflowError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return List.of(located(message.strip(), rowsByPath));
    }
  }

  private static InputError located(String message, Map<String, SheetRow> rowsByPath) {
    String reason = "ODK Collect would refuse the form: " + message;
    Matcher matcher = PATH.matcher(message);
    List<String> paths = new ArrayList<>();
    while (matcher.find()) paths.add(matcher.group());
    for (String path : paths) {
      // the longest known prefix: /data/g/q[2]/x names q's row even inside a repeat
      for (String candidate = path;
          candidate.lastIndexOf('/') > 0;
          candidate = candidate.substring(0, candidate.lastIndexOf('/'))) {
        SheetRow row = rowsByPath.get(candidate);
        if (row != null) return new InputError(row.row(), "survey", null, reason);
      }
    }
    return new InputError(null, "survey", null, reason);
  }
}
