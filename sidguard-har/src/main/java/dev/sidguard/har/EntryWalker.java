package dev.sidguard.har;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Walks one HAR entry (or page, or any other HAR member) and hands every value, in its context, to the
 * detectors; whatever the sink returns is written back. Context decides the rule:
 *
 *   request/response cookies[]     every value is a secret (kind cookie) unless its name is on keepNames
 *   Cookie / Set-Cookie headers    every cookie value, per cookie; Set-Cookie attributes stay
 *   *Authorization headers         everything after the scheme word ("Bearer <marker>")
 *   credential headers             whole value (policy headers list, or a sensitive header name)
 *   queryString[], postData.params sensitive name -> whole value, otherwise free text
 *   url, redirectURL, headers      free text (query/fragment parameters, token shapes)
 *   postData.text, content.text    body by MIME type (JSON by key, multipart by part, else free text);
 *                                  base64 text bodies decoded, scanned and re-encoded
 *   _webSocketMessages[].data      body (JSON or text; opcode 2 frames are base64)
 *   anything else                  generic JSON: sensitive keys -> all string leaves; strings as free text
 *
 * Size fields follow the change: headersSize -1 when headers, cookies or the URL changed; content.size
 * recomputed (decoded bytes) and response bodySize -1 when the body changed; request bodySize recomputed
 * from the new postData text (or -1 when only params changed).
 *
 * Structural problems that make the entry unreadable as HAR (headers not an array, request not an object)
 * are thrown as ShapeError with the path inside the entry; the streamer adds file, position and index.
 */
final class EntryWalker {

  /** A HAR member with the wrong JSON type; path is relative to the entry. */
  static final class ShapeError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    ShapeError(String path, String what) {
      super(what, null, false, false);
      this.path = path;
    }
  }

  private static final Set<String> BENIGN_ENTRY_FIELDS = Set.of("startedDateTime", "time", "timings",
      "cache", "pageref", "serverIPAddress", "connection", "_priority", "_resourceType", "_initialPriority",
      "_requestTime", "_transferSize", "_fromCache", "_securityState");

  private final Policy policy;
  private final KnownSecrets sink;
  private final NameRules.Matcher names;
  private final NameRules.Matcher headerNames;
  private final TextScanner text;
  private final BodyScanner bodies;

  EntryWalker(Policy policy, SecretSink sink) {
    this.policy = policy;
    this.sink = new KnownSecrets(sink);
    this.names = policy.names.matcher();
    this.headerNames = policy.headers.matcher();
    this.text = new TextScanner(policy, names, this.sink);
    this.bodies = new BodyScanner(names, text, new JsonBodyScanner(names, text, this.sink), this.sink);
  }

  /** Walks log.entries[index]. */
  void walkEntry(long index, ObjectNode entry) {
    sink.enter(index, entry);
    walkEntry(entry);
  }

  /** Announces that the next walkGeneric calls are for a HAR member outside log.entries. */
  void enterOther() {
    sink.enter(-1, null);
  }

  private void walkEntry(ObjectNode entry) {
    // Cookies and headers of both messages first, so their secrets are known when echoed elsewhere.
    Sizes requestSizes = new Sizes();
    Sizes responseSizes = new Sizes();
    ObjectNode request = object(entry.path("request"), "request");
    ObjectNode response = object(entry.path("response"), "response");
    walkMessage(request, true, true, requestSizes);
    walkMessage(response, false, true, responseSizes);
    walkMessage(request, true, false, requestSizes);
    walkMessage(response, false, false, responseSizes);
    Iterator<Map.Entry<String, JsonNode>> it = entry.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      switch (key) {
        case "request", "response" -> { }
        case "_webSocketMessages" -> {
          if (v instanceof ArrayNode messages) {
            walkWebSocket(messages);
          } else {
            f.setValue(walkGeneric(v, Loc.ENTRY.field(key), null));
          }
        }
        default -> {
          if (!BENIGN_ENTRY_FIELDS.contains(key)) {
            f.setValue(walkGeneric(v, Loc.ENTRY.field(key), null));
          }
        }
      }
    }
  }

  private static @Nullable ObjectNode object(JsonNode v, String path) {
    if (v instanceof ObjectNode o) {
      return o;
    }
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    throw new ShapeError(path, "expected an object, found " + typeName(v));
  }

  private static @Nullable ArrayNode array(JsonNode v, String path) {
    if (v instanceof ArrayNode a) {
      return a;
    }
    if (v.isNull()) {
      return null;
    }
    throw new ShapeError(path, "expected an array, found " + typeName(v));
  }

  private static String typeName(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** What changed in one request or response, across both walking phases. */
  private static final class Sizes {
    boolean headersChanged;
    boolean bodyChanged;
    boolean paramsOnlyChanged;
    int newBodyBytes = -1;
  }

  private void walkMessage(@Nullable ObjectNode m, boolean request, boolean headerPhase, Sizes sizes) {
    if (m == null) {
      return;
    }
    String side = request ? "request" : "response";
    Loc base = Loc.ENTRY.field(side);
    boolean headersChanged = sizes.headersChanged;
    boolean bodyChanged = sizes.bodyChanged;
    boolean paramsOnlyChanged = sizes.paramsOnlyChanged;
    int newBodyBytes = sizes.newBodyBytes;
    Iterator<Map.Entry<String, JsonNode>> it = m.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      boolean headerMember = key.equals("headers") || key.equals("cookies");
      if (headerMember != headerPhase) {
        continue;
      }
      switch (key) {
        case "method", "httpVersion", "headersSize", "bodySize", "status", "statusText", "_transferSize" -> { }
        case "url", "redirectURL" -> {
          if (v.isTextual()) {
            String s = v.textValue();
            String out = text.scanField(s, base.field(key));
            if (out != s) {
              f.setValue(TextNode.valueOf(out));
              headersChanged |= key.equals("url");
            }
          } else {
            f.setValue(walkGeneric(v, base.field(key), null));
          }
        }
        case "headers" -> headersChanged |= walkHeaders(array(v, side + ".headers"), base.field("headers"),
            side + ".headers");
        case "cookies" -> headersChanged |= walkCookies(array(v, side + ".cookies"), base.field("cookies"),
            side + ".cookies");
        case "queryString" -> headersChanged |= walkParams(array(v, side + ".queryString"),
            base.field("queryString"), side + ".queryString");
        case "postData" -> {
          ObjectNode pd = object(v, side + ".postData");
          if (pd != null) {
            JsonNode t = pd.get("text");
            String mime = pd.path("mimeType").asText("");
            if (t != null && t.isTextual()) {
              String s = t.textValue();
              String out = bodies.scan(s, mime, base.field("postData").field("text"));
              if (out != s) {
                pd.put("text", out);
                bodyChanged = true;
                newBodyBytes = utf8Length(out);
              }
            }
            JsonNode params = pd.get("params");
            if (params != null && walkParams(array(params, side + ".postData.params"),
                base.field("postData").field("params"), side + ".postData.params")) {
              paramsOnlyChanged = !bodyChanged;
            }
          }
        }
        case "content" -> {
          ObjectNode c = object(v, side + ".content");
          if (c != null) {
            bodyChanged |= walkContent(c, base.field("content"));
          }
        }
        default -> f.setValue(walkGeneric(v, base.field(key), null));
      }
    }
    sizes.headersChanged = headersChanged;
    sizes.bodyChanged = bodyChanged;
    sizes.paramsOnlyChanged = paramsOnlyChanged;
    sizes.newBodyBytes = newBodyBytes;
    if (headerPhase) {
      return;
    }
    if (headersChanged && m.has("headersSize")) {
      m.put("headersSize", -1);
    }
    if (m.has("bodySize")) {
      if (request && bodyChanged && newBodyBytes >= 0 && m.path("bodySize").asLong(-1) >= 0) {
        m.put("bodySize", newBodyBytes);
      } else if (bodyChanged || paramsOnlyChanged) {
        m.put("bodySize", -1);
      }
    }
  }

  /** Decides the new value of one {name, value} element of headers, cookies, queryString or params. */
  private interface ValueRule {
    String apply(String name, String value, Loc loc);
  }

  /** Applies rule to every {name, value} object of a HAR array; returns whether any value changed. */
  private static boolean walkNameValues(@Nullable ArrayNode list, Loc base, String path, ValueRule rule) {
    if (list == null) {
      return false;
    }
    boolean changed = false;
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (!(item instanceof ObjectNode element)) {
        throw new ShapeError(path + "[" + i + "]", "expected an object, found " + typeName(item));
      }
      JsonNode valueNode = element.get("value");
      if (valueNode == null || !valueNode.isTextual() || valueNode.textValue().isEmpty()) {
        continue;
      }
      String name = element.path("name").asText("");
      String value = valueNode.textValue();
      String out = rule.apply(name, value, base.key(name));
      if (out != value) {
        element.put("value", out);
        changed = true;
      }
    }
    return changed;
  }

  private boolean walkHeaders(@Nullable ArrayNode headers, Loc base, String path) {
    return walkNameValues(headers, base, path, this::header);
  }

  private String header(String name, String value, Loc loc) {
    if (name.equalsIgnoreCase("cookie")) {
      return cookieHeader(value, loc);
    }
    if (name.equalsIgnoreCase("set-cookie")) {
      return setCookieHeader(value, loc);
    }
    if (endsWithIgnoreCase(name, "authorization")) {
      return authorization(value, loc);
    }
    String kind = headerNames.kindOf(name);
    if (kind == null && !headerNames.isKept(name)) {
      kind = names.kindFor(name, value);
      if (kind == null && policy.allHeaderValues) {
        kind = "header-value";
      }
    }
    return kind != null ? whole(kind, loc, value) : text.scanField(value, loc);
  }

  private boolean walkCookies(@Nullable ArrayNode cookies, Loc base, String path) {
    return walkNameValues(cookies, base, path,
        (name, value, loc) -> names.isKept(name) ? text.scanField(value, loc) : whole("cookie", loc, value));
  }

  private boolean walkParams(@Nullable ArrayNode params, Loc base, String path) {
    return walkNameValues(params, base, path, (name, value, loc) -> {
      String kind = names.kindFor(name, value);
      return kind != null ? whole(kind, loc, value) : text.scanField(value, loc);
    });
  }

  private boolean walkContent(ObjectNode content, Loc base) {
    JsonNode t = content.get("text");
    if (t == null || !t.isTextual() || t.textValue().isEmpty()) {
      return false;
    }
    String s = t.textValue();
    String mime = content.path("mimeType").asText("");
    boolean base64 = content.path("encoding").asText("").equalsIgnoreCase("base64");
    if (base64) {
      String decoded = BodyScanner.decodeText(s, mime);
      if (decoded == null) {
        return false;
      }
      String out = bodies.scan(decoded, mime, base.field("text").raw("(base64)"));
      if (out == decoded) {
        return false;
      }
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
      content.put("text", Base64.getEncoder().encodeToString(bytes));
      content.put("size", bytes.length);
    } else {
      String out = bodies.scan(s, mime, base.field("text"));
      if (out == s) {
        return false;
      }
      content.put("text", out);
      content.put("size", utf8Length(out));
    }
    content.remove("compression");
    return true;
  }

  private void walkWebSocket(ArrayNode messages) {
    Loc base = Loc.ENTRY.field("_webSocketMessages");
    for (int i = 0; i < messages.size(); i++) {
      if (!(messages.get(i) instanceof ObjectNode m)) {
        messages.set(i, walkGeneric(messages.get(i), base.index(i), null));
        continue;
      }
      JsonNode data = m.get("data");
      if (data == null || !data.isTextual()) {
        continue;
      }
      String s = data.textValue();
      Loc loc = base.index(i).field("data");
      if (m.path("opcode").asInt(1) == 2) {
        String decoded = BodyScanner.decodeText(s, "");
        if (decoded != null) {
          String out = bodies.scan(decoded, "", loc.raw("(base64)"));
          if (out != decoded) {
            m.put("data", Base64.getEncoder().encodeToString(out.getBytes(StandardCharsets.UTF_8)));
          }
        }
      } else {
        String out = bodies.scan(s, "", loc);
        if (out != s) {
          m.put("data", out);
        }
      }
    }
  }

  /** Any JSON value: sensitive keys redact every string leaf below them; other strings are free text. */
  JsonNode walkGeneric(JsonNode n, Loc loc, @Nullable String inherited) {
    if (n.isTextual()) {
      String s = n.textValue();
      String out = inherited != null ? whole(inherited, loc, s) : text.scanField(s, loc);
      return out == s ? n : TextNode.valueOf(out);
    }
    if (n instanceof ObjectNode o) {
      String pairKind = null;
      if (inherited == null && o.path("name").isTextual() && o.path("value").isTextual()) {
        pairKind = names.kindFor(o.get("name").textValue(), o.get("value").textValue());
      }
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        String key = f.getKey();
        JsonNode v = f.getValue();
        String kind = inherited;
        Loc childLoc = loc.field(key);
        if (pairKind != null && key.equals("value")) {
          kind = pairKind;
          childLoc = loc.key(o.get("name").textValue());
        } else if (kind == null && v.isTextual()) {
          kind = names.kindFor(key, v.textValue());
        } else if (kind == null && v.isContainerNode()) {
          kind = names.containerKind(key);
        }
        if (v.isContainerNode() || v.isTextual()) {
          JsonNode out = walkGeneric(v, childLoc, kind);
          if (out != v) {
            f.setValue(out);
          }
        }
      }
      return n;
    }
    if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isContainerNode() || v.isTextual()) {
          JsonNode out = walkGeneric(v, loc.index(i), inherited);
          if (out != v) {
            a.set(i, out);
          }
        }
      }
    }
    return n;
  }

  private String whole(String kind, Loc loc, String value) {
    if (value.isEmpty() || Markers.isMarker(value)) {
      return value;
    }
    String rep = sink.onSecret(kind, loc, value);
    return sink.rewrites() ? rep : value;
  }

  private String cookieHeader(String value, Loc loc) {
    Edits e = new Edits();
    int n = value.length();
    int i = 0;
    while (i < n) {
      int semi = value.indexOf(';', i);
      if (semi < 0) {
        semi = n;
      }
      cookiePair(value, i, semi, loc, e);
      i = semi + 1;
    }
    return e.apply(value, Loc.ENTRY, sink);
  }

  private String setCookieHeader(String value, Loc loc) {
    Edits e = new Edits();
    int n = value.length();
    int i = 0;
    while (i < n) {
      int nl = value.indexOf('\n', i);
      if (nl < 0) {
        nl = n;
      }
      int semi = value.indexOf(';', i);
      cookiePair(value, i, semi < 0 || semi > nl ? nl : semi, loc, e);
      i = nl + 1;
    }
    return e.apply(value, Loc.ENTRY, sink);
  }

  /** Adds the value span of one "name=value" cookie in value[from, to); values may contain '='. */
  private void cookiePair(String value, int from, int to, Loc loc, Edits e) {
    int s = from;
    while (s < to && value.charAt(s) <= ' ') {
      s++;
    }
    int end = to;
    while (end > s && value.charAt(end - 1) <= ' ') {
      end--;
    }
    if (end <= s) {
      return;
    }
    int eq = value.indexOf('=', s);
    String name = "";
    int vs = s;
    if (eq >= 0 && eq < end) {
      name = value.substring(s, eq).trim();
      vs = eq + 1;
    }
    if (vs >= end || !name.isEmpty() && names.isKept(name)) {
      return;
    }
    e.addAt(vs, end, "cookie", name.isEmpty() ? loc : loc.field(name));
  }

  private String authorization(String value, Loc loc) {
    int n = value.length();
    int s = 0;
    while (s < n && value.charAt(s) == ' ') {
      s++;
    }
    int end = n;
    while (end > s && value.charAt(end - 1) <= ' ') {
      end--;
    }
    int sp = value.indexOf(' ', s);
    String kind = "authorization";
    int cs = s;
    if (sp > s && sp < end && isSchemeWord(value, s, sp)) {
      kind = schemeKind(value.substring(s, sp));
      cs = sp;
      while (cs < end && value.charAt(cs) == ' ') {
        cs++;
      }
    }
    if (cs >= end) {
      return value;
    }
    Edits e = new Edits();
    e.addAt(cs, end, kind, loc);
    return e.apply(value, loc, sink);
  }

  private static boolean isSchemeWord(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (!(TextScanner.isAlnum(c) || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static String schemeKind(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer", "dpop" -> "bearer-token";
      case "basic" -> "basic-credentials";
      case "ssws" -> "api-token";
      case "digest" -> "digest-credentials";
      case "negotiate", "ntlm", "kerberos" -> "negotiate-token";
      default -> "authorization";
    };
  }

  private static boolean endsWithIgnoreCase(String s, String suffix) {
    return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
  }

  static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2;
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }
}
