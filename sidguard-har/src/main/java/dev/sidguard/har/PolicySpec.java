package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/*
 * The mutable, merge-able form of a policy and its YAML reader. A file is read into a small located tree
 * first (every key and item keeps its line and column), so that "extends" is applied before the other keys
 * wherever it appears, and every error can name the key and its line.
 *
 * Schema (all keys optional):
 *   extends: default | strict           base policy (user files default to "default"; built-in default has none)
 *   names:        {kind: [name, ...]}    add whole-name rules
 *   nameSuffixes: {kind: [suffix, ...]}  add suffix rules
 *   removeNames / removeNameSuffixes: [name, ...]
 *   keepNames / removeKeepNames: [name, ...]
 *   weakNames / removeWeakNames: [name, ...]   values replaced only when they look random
 *   headers:      {kind: [header, ...]}  whole-value credential headers
 *   removeHeaders: [header, ...]
 *   keepHeaders / removeKeepHeaders: [header, ...]
 *   patterns:     [{kind: k, regex: r}, ...]
 *   removePatterns: [kind, ...]          drops custom patterns and built-in token shapes of that kind
 *   jwt: signature | whole
 *   emails: true | false
 *   headerValues: credentials | all
 */
final class PolicySpec {

  static final Set<String> KEYS = Set.of("extends", "names", "nameSuffixes", "removeNames",
      "removeNameSuffixes", "keepNames", "removeKeepNames", "headers", "removeHeaders", "keepHeaders",
      "removeKeepHeaders", "weakNames", "removeWeakNames", "patterns", "removePatterns", "jwt", "emails", "headerValues");

  final Map<String, String> names = new LinkedHashMap<>();
  final Map<String, String> nameSuffixes = new LinkedHashMap<>();
  final Set<String> keepNames = new LinkedHashSet<>();
  final Set<String> weakNames = new LinkedHashSet<>();
  final Map<String, String> headers = new LinkedHashMap<>();
  final Set<String> keepHeaders = new LinkedHashSet<>();
  final Map<String, List<Pattern>> patterns = new LinkedHashMap<>();
  final Set<String> removedShapes = new LinkedHashSet<>();
  boolean jwtWhole;
  boolean emails;
  boolean allHeaderValues;

  PolicySpec copy() {
    PolicySpec c = new PolicySpec();
    c.names.putAll(names);
    c.nameSuffixes.putAll(nameSuffixes);
    c.keepNames.addAll(keepNames);
    c.weakNames.addAll(weakNames);
    c.headers.putAll(headers);
    c.keepHeaders.addAll(keepHeaders);
    patterns.forEach((k, v) -> c.patterns.put(k, new ArrayList<>(v)));
    c.removedShapes.addAll(removedShapes);
    c.jwtWhole = jwtWhole;
    c.emails = emails;
    c.allHeaderValues = allHeaderValues;
    return c;
  }

  /** A YAML value with where it was written. */
  record Node(@Nullable Object value, long line, long column) {}

  /** A YAML mapping key with where it was written. */
  record Key(String name, long line, long column) {}

  /** Resolves "extends" to a base spec, or null for "no base". */
  interface BaseResolver {
    @Nullable PolicySpec base(@Nullable String extendsName, Key key);
  }

  static PolicySpec read(InputStream in, String source, BaseResolver resolver) throws IOException {
    Map<Key, Node> doc;
    try (JsonParser p = new YAMLFactory().createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        doc = Map.of();
      } else if (t != JsonToken.START_OBJECT) {
        JsonLocation l = p.currentTokenLocation();
        throw new HarException(source, l.getLineNr(), l.getColumnNr(), "a policy file must be a YAML mapping");
      } else {
        @SuppressWarnings("unchecked")
        Map<Key, Node> m = (Map<Key, Node>) readValue(p).value();
        doc = m;
      }
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new HarException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
          "invalid YAML");
    }
    return new Applier(source).apply(doc, resolver);
  }

  private static Node readValue(JsonParser p) throws IOException {
    JsonLocation l = p.currentTokenLocation();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<Key, Node> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        JsonLocation kl = p.currentTokenLocation();
        Key k = new Key(p.currentName(), kl.getLineNr(), kl.getColumnNr());
        p.nextToken();
        m.put(k, readValue(p));
      }
      return new Node(m, l.getLineNr(), l.getColumnNr());
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> list = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        list.add(readValue(p));
      }
      return new Node(list, l.getLineNr(), l.getColumnNr());
    }
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return new Node(t == JsonToken.VALUE_TRUE, l.getLineNr(), l.getColumnNr());
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Node(null, l.getLineNr(), l.getColumnNr());
    }
    return new Node(p.getText(), l.getLineNr(), l.getColumnNr());
  }

  private static final class Applier {
    private final String source;

    Applier(String source) {
      this.source = source;
    }

    HarException error(long line, long column, String what) {
      return new HarException(source, line, column, what);
    }

    PolicySpec apply(Map<Key, Node> doc, BaseResolver resolver) {
      Key extendsKey = null;
      String extendsName = null;
      for (Map.Entry<Key, Node> e : doc.entrySet()) {
        Key k = e.getKey();
        if (!KEYS.contains(k.name())) {
          throw error(k.line(), k.column(), "unknown key '" + k.name() + "' (known keys: "
              + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        if (k.name().equals("extends")) {
          extendsKey = k;
          extendsName = scalar(k, e.getValue());
        }
      }
      PolicySpec base = resolver.base(extendsName,
          extendsKey == null ? new Key("extends", 0, 0) : extendsKey);
      PolicySpec spec = base == null ? new PolicySpec() : base.copy();
      for (Map.Entry<Key, Node> e : doc.entrySet()) {
        applyKey(spec, e.getKey(), e.getValue());
      }
      return spec;
    }

    private void applyKey(PolicySpec s, Key k, Node v) {
      switch (k.name()) {
        case "extends" -> { }
        case "names" -> kindMap(k, v).forEach(s.names::put);
        case "nameSuffixes" -> kindMap(k, v).forEach(s.nameSuffixes::put);
        case "removeNames" -> nameList(k, v).forEach(s.names::remove);
        case "removeNameSuffixes" -> nameList(k, v).forEach(s.nameSuffixes::remove);
        case "keepNames" -> s.keepNames.addAll(nameList(k, v));
        case "removeKeepNames" -> s.keepNames.removeAll(nameList(k, v));
        case "weakNames" -> s.weakNames.addAll(nameList(k, v));
        case "removeWeakNames" -> s.weakNames.removeAll(nameList(k, v));
        case "headers" -> kindMap(k, v).forEach(s.headers::put);
        case "removeHeaders" -> nameList(k, v).forEach(s.headers::remove);
        case "keepHeaders" -> s.keepHeaders.addAll(nameList(k, v));
        case "removeKeepHeaders" -> s.keepHeaders.removeAll(nameList(k, v));
        case "patterns" -> patterns(s, k, v);
        case "removePatterns" -> {
          for (Node n : list(k, v)) {
            String kind = kind(k, n);
            s.patterns.remove(kind);
            s.removedShapes.add(kind);
          }
        }
        case "jwt" -> {
          String j = scalar(k, v);
          if (!j.equals("signature") && !j.equals("whole")) {
            throw error(v.line(), v.column(), "jwt: expected 'signature' or 'whole'");
          }
          s.jwtWhole = j.equals("whole");
        }
        case "emails" -> s.emails = bool(k, v);
        case "headerValues" -> {
          String h = scalar(k, v);
          if (!h.equals("credentials") && !h.equals("all")) {
            throw error(v.line(), v.column(), "headerValues: expected 'credentials' or 'all'");
          }
          s.allHeaderValues = h.equals("all");
        }
        default -> throw new IllegalStateException(k.name());
      }
    }

    private String scalar(Key k, Node v) {
      if (!(v.value() instanceof String str)) {
        throw error(v.line(), v.column(), k.name() + ": expected a single text value");
      }
      return str;
    }

    private boolean bool(Key k, Node v) {
      if (!(v.value() instanceof Boolean b)) {
        throw error(v.line(), v.column(), k.name() + ": expected true or false");
      }
      return b;
    }

    @SuppressWarnings("unchecked")
    private List<Node> list(Key k, Node v) {
      if (v.value() == null) {
        return List.of();
      }
      if (!(v.value() instanceof List<?>)) {
        throw error(v.line(), v.column(), k.name() + ": expected a list");
      }
      return (List<Node>) v.value();
    }

    private List<String> nameList(Key k, Node v) {
      List<String> out = new ArrayList<>();
      for (Node n : list(k, v)) {
        if (!(n.value() instanceof String str)) {
          throw error(n.line(), n.column(), k.name() + ": expected a list of names");
        }
        String norm = NameRules.normalize(str);
        if (norm.isEmpty()) {
          throw error(n.line(), n.column(), k.name() + ": a name needs at least one letter");
        }
        out.add(norm);
      }
      return out;
    }

    private String kind(Key k, Node n) {
      if (!(n.value() instanceof String str) || !Markers.isValidKind(str)) {
        throw error(n.line(), n.column(),
            k.name() + ": a kind must be lowercase letters, digits and inner hyphens");
      }
      return str;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> kindMap(Key k, Node v) {
      if (v.value() == null) {
        return Map.of();
      }
      if (!(v.value() instanceof Map<?, ?>)) {
        throw error(v.line(), v.column(), k.name() + ": expected a mapping of kind to a list of names");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<Key, Node> e : ((Map<Key, Node>) v.value()).entrySet()) {
        Key kindKey = e.getKey();
        if (!Markers.isValidKind(kindKey.name())) {
          throw error(kindKey.line(), kindKey.column(),
              k.name() + ": kind '" + kindKey.name() + "' must be lowercase letters, digits and inner hyphens");
        }
        for (String name : nameList(new Key(k.name() + "." + kindKey.name(), kindKey.line(), kindKey.column()),
            e.getValue())) {
          out.put(name, kindKey.name());
        }
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private void patterns(PolicySpec s, Key k, Node v) {
      int i = 0;
      for (Node item : list(k, v)) {
        String at = "patterns[" + i++ + "]";
        if (!(item.value() instanceof Map<?, ?>)) {
          throw error(item.line(), item.column(), at + ": expected a mapping with 'kind' and 'regex'");
        }
        String kind = null;
        Pattern regex = null;
        for (Map.Entry<Key, Node> e : ((Map<Key, Node>) item.value()).entrySet()) {
          Key f = e.getKey();
          Node fv = e.getValue();
          switch (f.name()) {
            case "kind" -> kind = kind(new Key(at + ".kind", f.line(), f.column()), fv);
            case "regex" -> {
              String r = scalar(new Key(at + ".regex", f.line(), f.column()), fv);
              try {
                regex = Pattern.compile(r);
              } catch (PatternSyntaxException ex) {
                throw error(fv.line(), fv.column(),
                    at + ".regex: invalid regular expression (" + ex.getDescription() + ")");
              }
            }
            default -> throw error(f.line(), f.column(),
                at + ": unknown key '" + f.name() + "' (known keys: kind, regex)");
          }
        }
        if (kind == null || regex == null) {
          throw error(item.line(), item.column(), at + ": needs both 'kind' and 'regex'");
        }
        s.patterns.computeIfAbsent(kind, x -> new ArrayList<>()).add(regex);
      }
    }
  }
}
