package org.opendtm.collection.internal.openrosa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.platform.OpenDtmException;

class SubmissionXmlTest {

  private static SubmissionXml.Instance parse(String xml) {
    return SubmissionXml.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsFormVersionAndMetaWhateverTheMetaNamespace() {
    var instance =
        parse(
            """
            <?xml version='1.0' encoding='UTF-8' ?>
            <data id="site_assessment" version="2024031501" xmlns:orx="http://openrosa.org/xforms">
              <group><instanceID>not this one</instanceID></group>
              <orx:meta>
                <orx:deviceID>collect:abc</orx:deviceID>
                <orx:instanceID> uuid:1 </orx:instanceID>
                <orx:instanceName>Kaga 12</orx:instanceName>
              </orx:meta>
            </data>
            """);
    assertThat(instance)
        .isEqualTo(
            new SubmissionXml.Instance(
                "site_assessment", "2024031501", "uuid:1", "collect:abc", "Kaga 12"));
  }

  @Test
  void refusesDoctypeDeepNestingAndMissingIds() {
    assertMalformed(
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<d id=\"f\"><a>&x;</a><meta><instanceID>u</instanceID></meta></d>",
        "DOCTYPE");
    assertMalformed(
        "<d id=\"f\">" + "<a>".repeat(70) + "</a>".repeat(70) + "</d>", "nested deeper");
    assertMalformed("<d><meta><instanceID>u</instanceID></meta></d>", "no id attribute");
    assertMalformed("<d id=\"f\"><meta/></d>", "instanceID");
    assertMalformed("<d id=\"f\"><meta><instanceID>u</instanceID></meta>", "not well-formed");
    assertMalformed("<d id=\"f\"><x>&undeclared;</x></d>", "");
  }

  /**
   * A thread reuses its reader from one document to the next: a refused document (mid-way, or for
   * its DOCTYPE) leaves nothing behind that changes the reading of the next one.
   */
  @Test
  void aReusedReaderReadsEachDocumentAfreshAndStillRefusesDoctypes() {
    String good = "<d id=\"f\" version=\"2\"><meta><instanceID>uuid:%s</instanceID></meta></d>";
    for (int round = 0; round < 3; round++) {
      assertThat(parse(good.formatted("a" + round)).instanceId()).isEqualTo("uuid:a" + round);
      assertMalformed("<d id=\"f\"><meta><instanceID>u</instanceID></meta><x>", "not well-formed");
      assertThat(parse(good.formatted("b" + round)))
          .isEqualTo(new SubmissionXml.Instance("f", "2", "uuid:b" + round, null, null));
      assertMalformed(
          "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
              + "<d id=\"f\"><x>&b;</x><meta><instanceID>u</instanceID></meta></d>",
          "DOCTYPE");
      assertMalformed(
          "<d id=\"f\"><x>&undeclared;</x><meta><instanceID>u</instanceID></meta></d>", "");
      assertThat(parse("<e id=\"g\"><meta><instanceID>c</instanceID></meta></e>").formId())
          .isEqualTo("g");
    }
  }

  /** Whatever bytes arrive, the answer is a result or a 400 with a message, never a crash. */
  @Property(tries = 300)
  void anyInputGivesAnInstanceOrAMalformedError(@ForAll byte[] bytes) {
    try {
      SubmissionXml.parse(bytes);
    } catch (OpenDtmException e) {
      assertThat(e.code()).isEqualTo(SubmissionErrorCode.SUBMISSION_MALFORMED);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static void assertMalformed(String xml, String message) {
    assertThatThrownBy(() -> parse(xml))
        .isInstanceOfSatisfying(
            OpenDtmException.class,
            e -> assertThat(e.code()).isEqualTo(SubmissionErrorCode.SUBMISSION_MALFORMED))
        .hasMessageContaining(message);
  }
}
