package dev.sidguard.har;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Long unchanged strings are copied from the input; what is changed, dropped or short is encoded. */
class RawInputTest {

  private static final String LONG = "x".repeat(RawInput.MIN_LITERAL);

  /** Reads every element of the top-level array as its own member (like entries), writes them back. */
  private static String roundTrip(String json, int maxBuffer, UnaryOperator<JsonNode> change) throws IOException {
    return roundTrip(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), maxBuffer, change);
  }

  private static String roundTrip(InputStream in, int maxBuffer, UnaryOperator<JsonNode> change)
      throws IOException {
    RawInput raw = new RawInput(in, maxBuffer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonParser p = HarJson.FACTORY.createParser(raw);
        JsonGenerator g = HarJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      p.nextToken();
      g.writeStartArray();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        raw.restartAt(p.currentTokenLocation().getByteOffset());
        HarJson.writeTree(g, change.apply(HarJson.readTree(p, true)), raw);
      }
      g.writeEndArray();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void copy_longUnchangedString_keepsInputEscapesByteForByte() throws IOException {
    String literal = "\\/path \\u00e9t\\u00E9 \\\"quoted\\\" tab\\t nl\\n é 😀 \\ud83d\\ude00 " + LONG;
    String out = roundTrip("[{\"a\": \"" + literal + "\"}]", 1 << 16, n -> n);
    assertThat(out).isEqualTo("[{\"a\":\"" + literal + "\"}]");
  }

  @Test
  void copy_shortString_isEncodedAsBefore() throws IOException {
    String out = roundTrip("[{\"a\": \"\\/x\\u0041\"}]", 1 << 16, n -> n);
    assertThat(out).isEqualTo("[{\"a\":\"/xA\"}]");
  }

  @Test
  void copy_changedString_isEncodedFromItsNewValue() throws IOException {
    String out = roundTrip("[{\"a\": \"\\/" + LONG + "\", \"b\": \"\\/" + LONG + "\"}]", 1 << 16,
        n -> ((ObjectNode) n).put("a", "new\\" + LONG));
    assertThat(out).isEqualTo("[{\"a\":\"new\\\\" + LONG + "\",\"b\":\"\\/" + LONG + "\"}]");
  }

  @Test
  void copy_stringsInLaterMembersAndAfterAByteOrderMark_areCopiedFromTheirOwnBytes() throws IOException {
    StringBuilder json = new StringBuilder("\uFEFF[");
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      String literal = "\\/" + i + "é" + LONG;
      json.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append(", \"a\": \"").append(literal)
          .append("\"}");
      expected.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"a\":\"").append(literal)
          .append("\"}");
    }
    assertThat(roundTrip(json.append(']').toString(), 1 << 16, n -> n)).isEqualTo(expected + "]");
  }

  @Test
  void copy_memberLargerThanTheBuffer_isEncoded_laterMembersAreCopiedAgain() throws IOException {
    String big = "\\/" + "y".repeat(2000);
    String small = "\\/" + LONG;
    byte[] json = ("[{\"big\": \"" + big + "\"}, {\"small\": \"" + small + "\"}]").getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(json)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 100));
      }
    };
    String out = roundTrip(trickle, 1024, n -> n);
    assertThat(out).isEqualTo("[{\"big\":\"/" + "y".repeat(2000) + "\"},{\"small\":\"" + small + "\"}]");
  }

  @Property(tries = 300)
  void copy_anyStrings_roundTripToEqualJson(@ForAll @Size(max = 8) List<@StringLength(max = 200) String> values,
      @ForAll boolean changeFirst) throws IOException {
    ArrayNode members = Hars.JSON.createArrayNode();
    for (String v : values) {
      members.addObject().put("v", v).put("w", v + LONG);
    }
    String json = Hars.JSON.writeValueAsString(members);
    JsonNode expected = Hars.JSON.readTree(json);
    if (changeFirst && !values.isEmpty()) {
      ((ObjectNode) expected.get(0)).put("w", "changed" + LONG);
    }
    int[] index = {0};
    String out = roundTrip(json, 512, n -> {
      if (changeFirst && index[0]++ == 0) {
        ((ObjectNode) n).set("w", TextNode.valueOf("changed" + LONG));
      }
      return n;
    });
    assertThat(Hars.JSON.readTree(out)).isEqualTo(expected);
  }
}
