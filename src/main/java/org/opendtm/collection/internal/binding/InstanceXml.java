package org.opendtm.collection.internal.binding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A submission instance as a document: its leaf values by absolute path ({@code
 * /data/idps/idp_households}), and edits of them. Instances were parsed once already when received;
 * they are parsed again here with DOCTYPEs and external entities refused all the same.
 */
public final class InstanceXml {

  private static final String JAVAROSA = "http://openrosa.org/javarosa";

  private final Document document;

  private InstanceXml(Document document) {
    this.document = document;
  }

  /**
   * Parses an instance.
   *
   * @throws IllegalArgumentException when it is not well-formed or has a DOCTYPE
   */
  public static InstanceXml parse(byte[] xml) {
    try {
      return new InstanceXml(builder().parse(new ByteArrayInputStream(xml)));
    } catch (SAXException | IOException e) {
      throw new IllegalArgumentException("the submission XML is unreadable: " + e.getMessage(), e);
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The text of every leaf element by absolute path, in document order. Elements of a repeat occur
   * several times under one path; the first occurrence is kept (bindings never point into repeats).
   */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    collect(document.getDocumentElement(), "", values);
    return values;
  }

  private static void collect(Element element, String parent, Map<String, String> values) {
    String path = parent + "/" + element.getLocalName();
    boolean leaf = true;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        leaf = false;
        collect(e, path, values);
      }
    }
    if (leaf) values.putIfAbsent(path, element.getTextContent().strip());
  }

  /**
   * The answers of a repeat: for each occurrence of the element at {@code repeatPath}, in document
   * order, the text of its leaves by absolute path. A template copy ({@code jr:template}) is not an
   * answer.
   */
  public List<Map<String, String>> repeat(String repeatPath) {
    List<Map<String, String>> answers = new ArrayList<>();
    findAll(document.getDocumentElement(), "", repeatPath, answers);
    return answers;
  }

  private static void findAll(
      Element element, String parent, String wanted, List<Map<String, String>> answers) {
    String path = parent + "/" + element.getLocalName();
    if (path.equals(wanted)) {
      if (!element.hasAttributeNS(JAVAROSA, "template")) {
        Map<String, String> values = new LinkedHashMap<>();
        collect(element, parent, values);
        answers.add(values);
      }
      return;
    }
    if (!wanted.startsWith(path + "/")) return;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) findAll(e, path, wanted, answers);
    }
  }

  /**
   * Sets the text of the leaf at {@code path}, creating nothing: a path the instance does not have
   * is refused.
   *
   * @return the previous text
   * @throws IllegalArgumentException when the instance has no leaf at that path
   */
  public String set(String path, String value) {
    Element element = find(document.getDocumentElement(), "", path);
    if (element == null) throw new IllegalArgumentException("the submission has no " + path);
    String old = element.getTextContent().strip();
    element.setTextContent(value == null ? "" : value);
    return old;
  }

  private static Element find(Element element, String parent, String wanted) {
    String path = parent + "/" + element.getLocalName();
    if (!wanted.startsWith(path)) return null;
    boolean leaf = true;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        leaf = false;
        Element found = find(e, path, wanted);
        if (found != null) return found;
      }
    }
    return leaf && path.equals(wanted) ? element : null;
  }

  /** The instance as UTF-8 XML. */
  public byte[] bytes() {
    try {
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }
}
