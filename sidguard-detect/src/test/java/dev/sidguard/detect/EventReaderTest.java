package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventReaderTest {
  static final String E1 = "{\"uuid\":\"u1\",\"published\":\"2024-01-01T00:00:00.000Z\",\"eventType\":\"user.session.start\"}";
  static final String E2 = "{\"uuid\":\"u2\",\"published\":\"2024-01-01T00:00:01Z\",\"eventType\":\"a.b\","
      + "\"client\":{\"zone\":\"null\",\"geographicalContext\":{\"postalCode\":12345}},"
      + "\"securityContext\":{\"asNumber\":null,\"isProxy\":null}}";
  static final String E3 = "{\"UUID\":\"u3\",\"published\":\"2022-06-22 18:18:29.015\",\"eventtype\":\"x\","
      + "\"authenticationcontext\":{\"externalsessionid\":\"unknown\"},\"debugcontext\":{\"debugdata\":{\"dthash\":\"abc\"}}}";

  @TempDir Path dir;

  @Test
  void ndjson_malformedLinesAreCountedWithLineNumbersAndNoContent() {
    String secret = "FAKE-SECRET-VALUE";
    String text = E1 + "\n\n{\"uuid\":\"" + secret + "\",\n[1,2]\n" + E2 + "\nnot json " + secret + "\n" + E3 + "\n";
    EventReader r = EventReader.open(stream(text), "in.ndjson");
    List<OktaEvent> events = drain(r);
    assertThat(events).extracting(OktaEvent::uuid).containsExactly("u1", "u2", "u3");
    assertThat(r.malformedCount()).isEqualTo(3);
    assertThat(r.malformed()).extracting(EventReader.Malformed::line).containsExactly(3L, 4L, 6L);
    assertThat(r.malformed().toString().contains(secret)).as("malformed report leaks content").isFalse();
    assertThat(r.malformed().get(0).toString()).isEqualTo("in.ndjson: line 3: truncated JSON");
  }

  @Test
  void tolerance_nullZoneNumericPostalNullAsnUnknownSessionLowercaseKeysPantherTime() {
    List<OktaEvent> events = drain(EventReader.open(stream(E2 + "\n" + E3), "x"));
    OktaEvent e2 = events.get(0);
    assertThat(e2.client().zone()).isNull();
    assertThat(e2.client().postalCode()).isEqualTo("12345");
    assertThat(e2.security().asNumber()).isZero();
    assertThat(e2.security().proxy()).isNull();
    OktaEvent e3 = events.get(1);
    assertThat(e3.uuid()).isEqualTo("u3");
    assertThat(e3.eventType()).isEqualTo("x");
    assertThat(e3.sessionId()).isNull();
    assertThat(e3.dtHash()).isEqualTo("abc");
    assertThat(e3.published().toString()).isEqualTo("2022-06-22T18:18:29.015Z");
  }

  static final String FULL = "{\"actor\":{\"id\":\"00u1\",\"type\":\"User\",\"alternateId\":\"ann@example.com\","
      + "\"displayName\":\"Ann\"},\"client\":{\"userAgent\":{\"rawUserAgent\":\"Mozilla/5.0 Firefox/118.0\","
      + "\"os\":\"Linux\",\"browser\":\"FIREFOX\"},\"zone\":\"null\",\"id\":null,\"ipAddress\":\"10.1.2.3\","
      + "\"geographicalContext\":{\"city\":\"Oslo\",\"country\":\"Norway\",\"postalCode\":\"0150\","
      + "\"geolocation\":{\"lat\":59.9,\"lon\":10.7}}},\"authenticationContext\":{\"rootSessionId\":\"102abc\","
      + "\"externalSessionId\":\"102abc\"},\"displayMessage\":\"x\",\"eventType\":\"user.session.start\","
      + "\"outcome\":{\"result\":\"SUCCESS\",\"reason\":null},\"published\":\"2024-01-01T00:00:00.000Z\","
      + "\"securityContext\":{\"asNumber\":3320,\"asOrg\":\"DTAG\",\"isp\":\"DTAG\",\"isProxy\":false},"
      + "\"debugContext\":{\"debugData\":{\"requestId\":\"r1\",\"dtHash\":\"d1\",\"requestUri\":\"/idp\","
      + "\"privilegeGranted\":\"Super admin\"}},\"request\":{\"ipChain\":[{\"ip\":\"10.1.2.3\"}]},"
      + "\"uuid\":\"u9\",\"target\":[{\"id\":\"t1\",\"type\":\"AppInstance\",\"alternateId\":\"Okta Admin Console\","
      + "\"displayName\":\"Okta Admin Console\"},{\"id\":\"t2\",\"type\":\"User\"}]}";

  @Test
  void fieldOrder_changingFromEventToEvent_readsTheSameEvent() throws IOException {
    ObjectMapper m = new ObjectMapper();
    OktaEvent alone = drain(EventReader.open(stream(FULL), "one")).get(0);
    StringBuilder text = new StringBuilder();
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      String line = i % 3 == 0 ? FULL : m.writeValueAsString(shuffled(m.readTree(FULL), random));
      text.append(i == 39 ? line.replace("\"eventType\"", "\"event\\u0054ype\"") : line).append('\n');
    }
    List<OktaEvent> events = drain(EventReader.open(stream(text.toString()), "many"));
    assertThat(events).hasSize(40).allSatisfy(e -> assertThat(e).isEqualTo(alone));
    assertThat(alone.dtHash()).isEqualTo("d1");
    assertThat(alone.requestUri()).isEqualTo("/idp");
    assertThat(alone.debugData()).containsOnlyKeys("dtHash", "requestUri", "privilegeGranted");
    assertThat(alone.targets()).hasSize(2);
    OktaEvent back = m.readValue(m.writeValueAsString(alone), OktaEvent.class);
    assertThat(back).isEqualTo(alone);
    assertThat(back.hashCode()).isEqualTo(alone.hashCode());
    assertThat(back.dtHash()).isEqualTo("d1");
  }

  private static JsonNode shuffled(JsonNode n,
      Random random) {
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(shuffled(x, random)));
      return a;
    }
    if (!n.isObject()) {
      return n;
    }
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    Collections.shuffle(names, random);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      o.set(name, shuffled(n.get(name), random));
    }
    return o;
  }

  @Test
  void jsonArray_andGzipOfIt_readTheSameEvents() throws IOException {
    String array = "[\n" + E1 + ",\n" + E2 + ",\n  " + E3 + "\n]\n";
    Path plain = Files.writeString(dir.resolve("a.json"), array);
    Path gz = dir.resolve("a.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(array.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(drain(EventReader.open(plain))).extracting(OktaEvent::uuid).containsExactly("u1", "u2", "u3");
    assertThat(drain(EventReader.open(gz))).extracting(OktaEvent::uuid).containsExactly("u1", "u2", "u3");
  }

  @Test
  void gzipNdjson_readsAndReportsLineNumbers() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write((E1 + "\n{oops\n" + E2 + "\n").getBytes(StandardCharsets.UTF_8));
    }
    EventReader r = EventReader.open(new ByteArrayInputStream(bytes.toByteArray()), "z");
    assertThat(drain(r)).hasSize(2);
    assertThat(r.malformed()).extracting(EventReader.Malformed::line).containsExactly(2L);
  }

  @Test
  void prettyPrintedObjects_readAsConcatenatedJson() {
    String pretty = "{\n  \"uuid\": \"p1\",\n  \"eventType\": \"a\"\n}\n{\n  \"uuid\": \"p2\",\n  \"eventType\": \"b\"\n}\n";
    EventReader r = EventReader.open(stream(pretty), "p");
    List<OktaEvent> events = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    for (OktaEvent e = r.next(); e != null; e = r.next()) {
      events.add(e);
      lines.add(r.line());
    }
    assertThat(events).extracting(OktaEvent::uuid).containsExactly("p1", "p2");
    assertThat(lines).containsExactly(1L, 5L);
  }

  @Test
  void arraySyntaxError_endsTheFileWithOneMalformedRecordAtItsLine() {
    EventReader r = EventReader.open(stream("[\n" + E1 + ",\n{\"uuid\": ]\n" + E2 + "]"), "broken.json");
    assertThat(drain(r)).hasSize(1);
    assertThat(r.malformedCount()).isEqualTo(1);
    assertThat(r.malformed().get(0).line()).isEqualTo(3);
  }

  @Test
  void missingFile_isADetectExceptionNamingTheFile() {
    Path missing = dir.resolve("nope.ndjson");
    assertThatThrownBy(() -> EventReader.open(missing))
        .isInstanceOf(DetectException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void corruptGzip_isADetectExceptionNamingTheFileAndLine() throws IOException {
    byte[] bytes = new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    Path f = Files.write(dir.resolve("bad.gz"), bytes);
    assertThatThrownBy(() -> drain(EventReader.open(f)))
        .isInstanceOf(DetectException.class)
        .hasMessageStartingWith(f + ": ");
  }

  @Test
  void resume_fromPosition_continuesAtTheNextRecord() throws IOException {
    String text = E1 + "\n{bad\n" + E2 + "\n\n" + E3 + "\n";
    Path f = Files.writeString(dir.resolve("r.ndjson"), text);
    Path gz = dir.resolve("r.ndjson.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : List.of(f, gz)) {
      EventReader r = EventReader.open(p);
      r.next();
      r.next();
      EventReader.Position at = r.position();
      assertThat(at.records()).isEqualTo(3);
      EventReader resumed = EventReader.open(p, at);
      OktaEvent next = resumed.next();
      assertThat(next.uuid()).as(p.toString()).isEqualTo("u3");
      assertThat(resumed.line()).isEqualTo(5);
      assertThat(resumed.next()).isNull();
    }
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static List<OktaEvent> drain(EventReader r) {
    List<OktaEvent> out = new ArrayList<>();
    for (OktaEvent e = r.next(); e != null; e = r.next()) {
      out.add(e);
    }
    return out;
  }
}
