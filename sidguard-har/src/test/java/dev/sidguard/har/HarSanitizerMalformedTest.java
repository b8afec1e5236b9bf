package dev.sidguard.har;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input gives one HarException whose one-line message names source, line, column and HAR path. */
class HarSanitizerMalformedTest {

  private static HarException failure(byte[] input) {
    HarException e = catchThrowableOfType(HarException.class, () -> HarSanitizer.create(Policy.defaults())
        .sanitize(new ByteArrayInputStream(input), new ByteArrayOutputStream(), "case-4411.har"));
    assertThat(e).as("expected a HarException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n").startsWith("case-4411.har: ");
    assertThat(e.source()).isEqualTo("case-4411.har");
    return e;
  }

  private static HarException failure(String input) {
    return failure(input.getBytes(StandardCharsets.UTF_8));
  }

  private static final String GOOD_ENTRY = "{\"request\":{\"method\":\"GET\",\"url\":\"https://x.example/\","
      + "\"headers\":[{\"name\":\"Cookie\",\"value\":\"sid=FAKEsecretvalue\"}]},\"response\":{\"status\":200}}";

  @Test
  void truncatedFile_namesEntryAndPosition() {
    String har = "{\"log\":{\"version\":\"1.2\",\"entries\":[" + GOOD_ENTRY + ",\n" + GOOD_ENTRY.substring(0, 60);
    HarException e = failure(har);
    assertThat(e.getMessage()).matches(
        "case-4411\\.har: line 2, column \\d+: unexpected end of input, file truncated\\? \\(at log\\.entries\\[1]\\)");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).doesNotContain("FAKEsecretvalue");
  }

  @Test
  void notJson_isReportedWithPosition() {
    HarException e = failure("<html><body>Not a HAR</body></html>");
    assertThat(e.getMessage()).isEqualTo("case-4411.har: line 1, column 1: not valid JSON (unexpected character)");
  }

  @Test
  void garbageInsideEntries_doesNotQuoteInput() {
    HarException e = failure("{\"log\":{\"entries\":[{\"request\": FAKEsecretToken}]}}");
    assertThat(e.getMessage()).startsWith("case-4411.har: line 1, column ")
        .endsWith("(at log.entries[0])").doesNotContain("FAKEsecretToken");
  }

  @Test
  void jsonArrayAtTopLevel_isNotAHar() {
    HarException e = failure("[1, 2, 3]");
    assertThat(e.getMessage())
        .isEqualTo("case-4411.har: line 1, column 1: not a HAR: the top-level JSON value is not an object");
  }

  @Test
  void objectWithoutLog_isNotAHar() {
    HarException e = failure("{\"name\": \"package.json\", \"version\": \"1.0.0\"}");
    assertThat(e.getMessage()).matches("case-4411\\.har: line 1, column \\d+: not a HAR: there is no log object");
  }

  @Test
  void logWithoutEntries_isNotAHar() {
    HarException e = failure("{\"log\": {\"version\": \"1.2\", \"pages\": []}}");
    assertThat(e.getMessage())
        .matches("case-4411\\.har: line 1, column \\d+: not a HAR: log has no entries array \\(at log\\)");
  }

  @Test
  void entriesNotAnArray_isReported() {
    HarException e = failure("{\"log\": {\"version\": \"1.2\",\n \"entries\": {\"a\": 1}}}");
    assertThat(e.getMessage()).isEqualTo(
        "case-4411.har: line 2, column 13: not a HAR: log.entries is not an array (at log.entries)");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(13);
  }

  @Test
  void entryNotAnObject_isReported() {
    HarException e = failure("{\"log\": {\"entries\": [" + GOOD_ENTRY + ", \"oops\"]}}");
    assertThat(e.getMessage()).matches(
        "case-4411\\.har: line 1, column \\d+: expected an entry object, found a string \\(at log\\.entries\\[1]\\)");
  }

  @Test
  void headersNotAnArray_namesTheHarPath() {
    String har = "{\"log\": {\"entries\": [" + GOOD_ENTRY + ",\n  {\"request\": {\"url\": \"https://x/\", "
        + "\"headers\": \"Cookie: sid=FAKE\"}}]}}";
    HarException e = failure(har);
    assertThat(e.getMessage()).isEqualTo("case-4411.har: line 2, column 3: expected an array, found a string "
        + "(at log.entries[1].request.headers)");
  }

  @Test
  void nesting100000Deep_failsFastWithClearMessage() {
    StringBuilder sb = new StringBuilder("{\"log\":{\"entries\":[{\"_x\":");
    sb.append("[".repeat(100_000)).append("]".repeat(100_000)).append("}]}}");
    HarException e = failure(sb.toString());
    assertThat(e.getMessage()).matches(
        "case-4411\\.har: line 1, column \\d+: JSON nested deeper than 1000 levels \\(at log\\.entries\\[0]\\)");
  }

  @Test
  void invalidUtf8_isReported() {
    byte[] head = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://x/".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\"}}]}}".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, bad, 0, head.length);
    bad[head.length] = (byte) 0xC3;
    bad[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, bad, head.length + 2, tail.length);
    HarException e = failure(bad);
    assertThat(e.getMessage()).matches(
        "case-4411\\.har: line 1, column \\d+: invalid UTF-8 byte sequence \\(at log\\.entries\\[0]\\)");
  }

  @Test
  void emptyInput_isReported() {
    HarException e = failure("");
    assertThat(e.getMessage()).startsWith("case-4411.har: line 1, column 1: empty input");
    HarException blank = failure("  \n ");
    assertThat(blank.getMessage()).contains(": empty input, expected a HAR");
  }

  @Test
  void trailingContentAfterHar_isReported() {
    HarException e = failure("{\"log\":{\"entries\":[]}} {\"log\":{}}");
    assertThat(e.getMessage())
        .matches("case-4411\\.har: line 1, column \\d+: unexpected content after the end of the HAR");
  }

  @Test
  void utf8ByteOrderMark_isAccepted() {
    byte[] json = ("{\"log\":{\"entries\":[" + GOOD_ENTRY + "]}}").getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    Hars.Result r = Hars.sanitize(withBom, Policy.defaults());
    assertThat(r.report().entries()).isEqualTo(1);
    assertThat(r.text()).doesNotContain("FAKEsecretvalue");
  }

  @Test
  void missingOptionalMembers_areFine() {
    Hars.Result r = Hars.sanitize("{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://x/?token=FAKEt\"}},"
        + "{\"response\":{\"content\":{}}}, {}]}}", Policy.defaults());
    assertThat(r.report().entries()).isEqualTo(3);
    assertThat(r.text()).doesNotContain("FAKEt");
  }
}
