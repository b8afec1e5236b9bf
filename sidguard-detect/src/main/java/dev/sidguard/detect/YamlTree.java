package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * A YAML document read into maps, lists and scalar text, each remembering its line, so that
 * configuration errors can say "config.yaml: line 4: admin_egress_cidrs[1]: ...". Jackson's
 * JsonNode trees drop locations, hence this small reader over the streaming YAML parser.
 */
final class YamlTree {
  private YamlTree() {}

  /** A node: value is a Map<String, Node>, a List<Node>, a String scalar, or null. */
  record Node(@Nullable Object value, int line) {
    @SuppressWarnings("unchecked")
    @Nullable Map<String, Node> map() {
      return value instanceof Map ? (Map<String, Node>) value : null;
    }

    @SuppressWarnings("unchecked")
    @Nullable List<Node> list() {
      return value instanceof List ? (List<Node>) value : null;
    }

    @Nullable String scalar() {
      return value instanceof String s ? s : null;
    }
  }

  static Node read(Reader in, String source) {
    try (JsonParser p = new YAMLFactory().createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Node(new LinkedHashMap<String, Node>(), 1);
      }
      return node(p, source);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new DetectException(source + ": line " + line + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new DetectException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Node node(JsonParser p, String source) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> map = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int keyLine = p.currentTokenLocation().getLineNr();
        p.nextToken();
        if (map.put(key, node(p, source)) != null) {
          throw new DetectException(source + ": line " + keyLine + ": duplicate key '" + key + "'");
        }
      }
      return new Node(map, line);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(node(p, source));
      }
      return new Node(list, line);
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Node(null, line);
    }
    return new Node(p.getText(), line);
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
