package org.opendtm.collection.internal.openrosa;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.platform.OpenDtmException;

/**
 * Reads what the server needs from a submission instance — the form id and version on the root
 * element, {@code meta/instanceID}, {@code meta/deviceID}, {@code meta/instanceName} — with a
 * streaming parser that refuses any DOCTYPE (so no entity can be declared, let alone expanded or
 * fetched) and documents nested deeper than {@value #MAX_DEPTH}. The whole document is read, so a
 * malformed one is refused even when its head is fine.
 */
public final class SubmissionXml {

  static final int MAX_DEPTH = 64;
  static final int MAX_ID_LENGTH = 256;

  /**
   * One factory per thread, each reusing its reader from one document to the next: creating the
   * JDK's reader (buffers, entity scanners) cost as much as reading a 5 KB submission. The JDK's
   * factory keeps a single reader for reuse, so it cannot be shared between threads.
   */
  private static final ThreadLocal<XMLInputFactory> FACTORY =
      ThreadLocal.withInitial(SubmissionXml::factory);

  /**
   * The JDK's (SJSXP) switch for reusing a closed reader; other StAX implementations do not support
   * it and are left as they are. Security settings are kept across reuse (tested).
   */
  private static final String REUSE_INSTANCE = "reuse-instance";

  /** The facts of one instance. {@code version} and the meta fields may be null. */
  public record Instance(
      String formId, String version, String instanceId, String deviceId, String instanceName) {}

  private SubmissionXml() {}

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    if (factory.isPropertySupported(REUSE_INSTANCE)) factory.setProperty(REUSE_INSTANCE, true);
    return factory;
  }

  /**
   * Parses an instance.
   *
   * @throws OpenDtmException {@code SUBMISSION_MALFORMED} naming what is wrong
   */
  public static Instance parse(byte[] xml) {
    String formId = null;
    String version = null;
    String instanceId = null;
    String deviceId = null;
    String instanceName = null;
    Deque<String> path = new ArrayDeque<>();
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(xml));
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD ->
              throw malformed(
                  "The submission contains a DOCTYPE, which this server never accepts. Send the"
                      + " form again from ODK Collect or KoboCollect.");
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw malformed("The submission uses an undeclared entity &" + reader.getLocalName());
          case XMLStreamConstants.START_ELEMENT -> {
            if (path.size() >= MAX_DEPTH) {
              throw malformed("The submission is nested deeper than " + MAX_DEPTH + " elements.");
            }
            String name = reader.getLocalName();
            if (path.isEmpty()) {
              formId = attribute(reader, "id");
              version = attribute(reader, "version");
            }
            path.push(name);
            if (path.size() == 3 && "meta".equals(second(path))) {
              switch (name) {
                case "instanceID" -> instanceId = text(reader, path);
                case "deviceID" -> deviceId = text(reader, path);
                case "instanceName" -> instanceName = text(reader, path);
                default -> {}
              }
            }
          }
          case XMLStreamConstants.END_ELEMENT -> path.pop();
          default -> {}
        }
      }
    } catch (XMLStreamException e) {
      throw malformed(
          "The submission is not well-formed XML"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ")")
              + ". Send it again; if it fails again, tell your supervisor.");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing held
        }
      }
    }
    if (formId == null || formId.isBlank()) {
      throw malformed("The submission's root element has no id attribute naming its form.");
    }
    if (instanceId == null || instanceId.isBlank()) {
      throw malformed(
          "The submission has no meta/instanceID. Update ODK Collect, or add the instanceID to the"
              + " form.");
    }
    for (String value : new String[] {formId, version, instanceId, deviceId}) {
      if (value != null && value.length() > MAX_ID_LENGTH) {
        throw malformed("The submission's form id, version or instanceID is too long.");
      }
    }
    return new Instance(formId, version, instanceId.strip(), deviceId, instanceName);
  }

  /** The element below the root: the path is a stack, so it is the second from the bottom. */
  private static String second(Deque<String> path) {
    var it = path.descendingIterator();
    it.next();
    return it.next();
  }

  /** Reads an element's text and leaves the reader on its end tag (popping it from the path). */
  private static String text(XMLStreamReader reader, Deque<String> path) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    while (true) {
      int event = reader.next();
      if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
        text.append(reader.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        path.pop();
        return text.toString().strip();
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        throw malformed("The submission's meta/" + path.peek() + " holds elements, not text.");
      } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
        throw malformed("The submission uses an undeclared entity &" + reader.getLocalName());
      }
    }
  }

  private static String attribute(XMLStreamReader reader, String name) {
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      if (name.equals(reader.getAttributeLocalName(i))) return reader.getAttributeValue(i).strip();
    }
    return null;
  }

  private static OpenDtmException malformed(String message) {
    return new OpenDtmException(SubmissionErrorCode.SUBMISSION_MALFORMED, message);
  }
}
