package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/*
 * The one Jackson configuration for HAR input and output. Limits: nesting 1000 deep (a 100,000-deep
 * document fails fast with a clear error instead of a stack overflow), strings up to 1 G chars (a HAR body
 * of several hundred MB must work; memory is then bounded by that one string), names up to 50,000 chars.
 * Floating point values are parsed and written with the fast double parser/writer.
 */
final class HarJson {

  static final int MAX_DEPTH = 1000;
  static final int MAX_STRING = 1_000_000_000;

  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING)
          .maxNameLength(50_000)
          .build())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Reads the value at the parser's current token as a tree. Done here rather than through databind's
   * readTree, whose deserialization context costs a third of the time on header-heavy HARs. Depth is
   * bounded by the parser's nesting limit. Floating point numbers become doubles, as with databind. With
   * literals, long strings become {@link RawInput.Literal}s that can be copied to the output raw.
   */
  static JsonNode readTree(JsonParser p, boolean literals) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new JsonEOFException(p, null, "Unexpected end-of-input");
    }
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
          p.nextToken();
          o.set(name, readTree(p, literals));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(readTree(p, literals));
        }
        return a;
      }
      case VALUE_STRING -> {
        return literals ? RawInput.readLiteral(p) : TextNode.valueOf(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> IntNode.valueOf(p.getIntValue());
          case LONG -> LongNode.valueOf(p.getLongValue());
          default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return DoubleNode.valueOf(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return BooleanNode.TRUE;
      }
      case VALUE_FALSE -> {
        return BooleanNode.FALSE;
      }
      case VALUE_NULL -> {
        return NullNode.instance;
      }
      default -> throw new JsonParseException(p, "Unexpected token");
    }
  }

  /**
   * Writes a tree read by {@link #readTree} (or changed since) to the generator; literals still held by raw
   * are copied from the input instead of encoded.
   */
  static void writeTree(JsonGenerator g, JsonNode n, @Nullable RawInput raw) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          g.writeFieldName(f.getKey());
          writeTree(g, f.getValue(), raw);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (int i = 0; i < n.size(); i++) {
          writeTree(g, n.get(i), raw);
        }
        g.writeEndArray();
      }
      case STRING -> {
        if (raw == null || !(n instanceof RawInput.Literal l) || !raw.copy(l, g)) {
          g.writeString(n.textValue());
        }
      }
      case NUMBER -> {
        switch (n.numberType()) {
          case INT -> g.writeNumber(n.intValue());
          case LONG -> g.writeNumber(n.longValue());
          case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
          case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
          default -> g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL -> g.writeNull();
      default -> g.writeString(n.asText());
    }
  }

  private HarJson() {}
}
