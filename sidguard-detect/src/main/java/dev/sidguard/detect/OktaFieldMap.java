package dev.sidguard.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * The one place that knows Okta System Log JSON paths.
 *
 * The table below maps dotted paths to setters on a mutable Builder. It is compiled into a trie
 * keyed by field name; the streaming parser walks the event once, descends only into objects the
 * trie knows and skips everything else with skipChildren(), so an event is read without a tree.
 * Keys match case-insensitively (some exporters lowercase them: eventtype, debugcontext): each
 * trie node holds the canonical spelling and the lowercase one, and a miss retries lowercased.
 * Known-but-unused top-level keys are registered as skips so they cost no lowercasing. Trie keys
 * are interned, as Jackson's field names are, so a lookup normally matches by identity (see
 * Node). The keys of debugContext.debugData (a free-form map) form their own node.
 *
 * Field order: an exporter writes every event's fields in (nearly) the same order, so each reader
 * remembers, per object kind, which name followed which in the last event (a Context of Name
 * links). The parser is asked whether the next name is the predicted one (nextFieldName with the
 * name's quoted bytes: a byte comparison, no symbol-table lookup) and a hit also gives the child
 * node at once. A miss reads the name the ordinary way and relinks, so a change of order costs
 * one ordinary lookup per moved field and never changes what is read.
 *
 * Value tolerance: every text field accepts strings, numbers and booleans (postal codes arrive as
 * numbers); JSON null and the literal "null" zone become null; externalSessionId "unknown" means
 * no session; asNumber may be null or a numeric string; published may be ISO-8601 or Panther's
 * "yyyy-MM-dd HH:mm:ss.SSS".
 */
final class OktaFieldMap {
  static final String DT_HASH = "dtHash";
  static final String REQUEST_URI = "requestUri";
  private static final String[] DEBUG_KEYS = {
    DT_HASH, REQUEST_URI, "behaviors", "risk", "threatSuspected", "logOnlySecurityData", "threatDetections",
    "privilegeGranted", "loginResult", "deviceFingerprint", "grantType", "grantedScopes"
  };
  private static final Set<String> LOW_CARDINALITY_DEBUG =
      Set.of("behaviors", "risk", "threatSuspected", "loginResult", "grantType", "grantedScopes", REQUEST_URI);

  private static final Node ROOT = new Node();
  private static final Node TARGET = new Node();
  private static final Node DEBUG = new Node();

  static {
    leaf(ROOT, "uuid", (b, p) -> b.uuid = text(p));
    leaf(ROOT, "published", (b, p) -> b.published = time(p));
    leaf(ROOT, "eventType", (b, p) -> b.eventType = common(b, p));
    leaf(ROOT, "outcome.result", (b, p) -> b.outcome = common(b, p));
    leaf(ROOT, "outcome.reason", (b, p) -> b.outcomeReason = common(b, p));
    leaf(ROOT, "actor.id", (b, p) -> b.actorId = text(p));
    leaf(ROOT, "actor.type", (b, p) -> b.actorType = common(b, p));
    leaf(ROOT, "actor.alternateId", (b, p) -> b.actorAlternateId = text(p));
    leaf(ROOT, "actor.displayName", (b, p) -> b.actorDisplayName = text(p));
    leaf(ROOT, "authenticationContext.externalSessionId", (b, p) -> b.sessionId = same(session(text(p)), b.rootSessionId));
    leaf(ROOT, "authenticationContext.rootSessionId", (b, p) -> b.rootSessionId = same(session(text(p)), b.sessionId));
    leaf(ROOT, "client.ipAddress", (b, p) -> b.ip = text(p));
    leaf(ROOT, "client.id", (b, p) -> b.clientId = common(b, p));
    leaf(ROOT, "client.zone", (b, p) -> b.zone = nullLiteral(common(b, p)));
    leaf(ROOT, "client.device", (b, p) -> b.device = common(b, p));
    leaf(ROOT, "client.userAgent.rawUserAgent", (b, p) -> b.userAgent = common(b, p));
    leaf(ROOT, "client.userAgent.browser", (b, p) -> b.browser = common(b, p));
    leaf(ROOT, "client.userAgent.os", (b, p) -> b.os = common(b, p));
    leaf(ROOT, "client.geographicalContext.city", (b, p) -> b.city = common(b, p));
    leaf(ROOT, "client.geographicalContext.state", (b, p) -> b.state = common(b, p));
    leaf(ROOT, "client.geographicalContext.country", (b, p) -> b.country = common(b, p));
    leaf(ROOT, "client.geographicalContext.postalCode", (b, p) -> b.postalCode = common(b, p));
    leaf(ROOT, "client.geographicalContext.geolocation.lat", (b, p) -> b.lat = number(p));
    leaf(ROOT, "client.geographicalContext.geolocation.lon", (b, p) -> b.lon = number(p));
    leaf(ROOT, "securityContext.asNumber", (b, p) -> b.asNumber = asn(p));
    leaf(ROOT, "securityContext.asOrg", (b, p) -> b.asOrg = common(b, p));
    leaf(ROOT, "securityContext.isp", (b, p) -> b.isp = common(b, p));
    leaf(ROOT, "securityContext.domain", (b, p) -> b.domain = common(b, p));
    leaf(ROOT, "securityContext.isProxy", (b, p) -> b.proxy = bool(p));
    leaf(ROOT, "debugContext.debugData", OktaFieldMap::readDebugData);
    leaf(ROOT, "target", OktaFieldMap::readTargets);
    for (String skip : new String[] {
      "displayMessage", "legacyEventType", "transaction", "request", "severity", "version", "device",
      "p_any_ip_addresses", "p_any_domain_names", "p_event_time", "p_parse_time", "p_row_id", "p_source_id",
      "p_source_label", "p_log_type"}) {
      leaf(ROOT, skip, (b, p) -> p.skipChildren());
    }
    leaf(TARGET, "id", (b, p) -> b.targetId = text(p));
    leaf(TARGET, "type", (b, p) -> b.targetType = common(b, p));
    leaf(TARGET, "alternateId", (b, p) -> b.targetAlternateId = common(b, p));
    leaf(TARGET, "displayName", (b, p) -> b.targetDisplayName = common(b, p));
    for (int i = 0; i < DEBUG_KEYS.length; i++) {
      int index = i;
      boolean low = LOW_CARDINALITY_DEBUG.contains(DEBUG_KEYS[i]);
      leaf(DEBUG, DEBUG_KEYS[i], (b, p) -> b.debug(index, low ? common(b, p) : text(p)));
    }
  }

  private OktaFieldMap() {}

  /**
   * Reads one event; the parser must be on the event's START_OBJECT and is left on its END_OBJECT.
   *
   * @throws IOException on malformed JSON
   */
  static OktaEvent read(JsonParser p, Context context) throws IOException {
    Builder b = new Builder(context);
    readObject(p, ROOT, b);
    return b.build();
  }

  private static void readObject(JsonParser p, Node node, Builder b) throws IOException {
    Context context = b.context;
    Name expected = context.first[node.index];
    Name previous = null;
    while (true) {
      Name name;
      if (expected != null && p.nextFieldName(expected.quoted)) {
        name = expected;
      } else {
        JsonToken t = expected != null ? p.currentToken() : p.nextToken();
        if (t != JsonToken.FIELD_NAME) {
          if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + t + " in an event object");
          }
          return;
        }
        name = context.name(node, p.currentName());
        if (previous == null) {
          context.first[node.index] = name;
        } else {
          previous.next = name;
        }
      }
      Node child = name.child;
      JsonToken v = p.nextToken();
      if (child == null) {
        p.skipChildren();
      } else if (child.setter != null) {
        child.setter.set(b, p);
      } else if (v == JsonToken.START_OBJECT) {
        readObject(p, child, b);
      } else {
        p.skipChildren();
      }
      previous = name;
      expected = name.next;
    }
  }

  private static void readDebugData(Builder b, JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    b.debugValues = new String[DEBUG_KEYS.length];
    readObject(p, DEBUG, b);
    b.debugData = new DebugData(b.debugValues);
  }

  /**
   * The known debugData keys that have a value, as an immutable map. Values sit in an array by key
   * index, so building one costs no hashing and {@link OktaEvent#dtHash()} reads its slot directly.
   */
  static final class DebugData extends AbstractMap<String, String> {
    static final int DT_HASH_INDEX = 0;
    static final int REQUEST_URI_INDEX = 1;
    private final @Nullable String[] values;
    private final int size;

    private DebugData(@Nullable String[] values) {
      int n = 0;
      for (String v : values) {
        if (v != null) {
          n++;
        }
      }
      this.values = values;
      this.size = n;
    }

    @Nullable String value(int index) {
      return values[index];
    }

    @Override
    public @Nullable String get(Object key) {
      for (int i = 0; i < DEBUG_KEYS.length; i++) {
        if (DEBUG_KEYS[i].equals(key)) {
          return values[i];
        }
      }
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      List<Map.Entry<String, String>> list = new ArrayList<>(size);
      for (int i = 0; i < values.length; i++) {
        String v = values[i];
        if (v != null) {
          list.add(Map.entry(DEBUG_KEYS[i], v));
        }
      }
      List<Map.Entry<String, String>> fixed = List.copyOf(list);
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
          return fixed.iterator();
        }

        @Override
        public int size() {
          return fixed.size();
        }
      };
    }
  }

  private static void readTargets(Builder b, JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    List<OktaEvent.Target> targets = new ArrayList<>(4);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      b.targetId = b.targetType = b.targetAlternateId = b.targetDisplayName = null;
      readObject(p, TARGET, b);
      targets.add(new OktaEvent.Target(b.targetId, b.targetType, b.targetAlternateId, b.targetDisplayName));
    }
    b.targets = targets;
  }

  /** Like {@link #text} for low-cardinality values: shares one String per distinct value. */
  private static @Nullable String common(Builder b, JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return b.context.interner.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    return text(p);
  }

  private static @Nullable String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null || t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static @Nullable String nullLiteral(@Nullable String s) {
    return s == null || "null".equals(s) || s.isEmpty() ? null : s;
  }

  /** {@code other} when it equals {@code s}: the root session is usually the session itself, one String for both. */
  private static @Nullable String same(@Nullable String s, @Nullable String other) {
    return s != null && s.equals(other) ? other : s;
  }

  private static @Nullable String session(@Nullable String s) {
    return s == null || s.isEmpty() || "unknown".equalsIgnoreCase(s) || "null".equals(s) ? null : s;
  }

  private static long time(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return Timestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    p.skipChildren();
    return OktaEvent.NO_TIME;
  }

  private static double number(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Double.parseDouble(p.getText().trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    p.skipChildren();
    return Double.NaN;
  }

  private static long asn(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return Math.max(0, p.getLongValue());
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      if (s.regionMatches(true, 0, "AS", 0, 2)) {
        s = s.substring(2).trim();
      }
      try {
        return Math.max(0, Long.parseLong(s));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    p.skipChildren();
    return 0;
  }

  private static @Nullable Boolean bool(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if ("true".equalsIgnoreCase(s)) {
        return Boolean.TRUE;
      }
      if ("false".equalsIgnoreCase(s)) {
        return Boolean.FALSE;
      }
      return null;
    }
    p.skipChildren();
    return null;
  }

  private static void leaf(Node root, String path, Setter setter) {
    Node n = root;
    for (String part : path.split("\\.")) {
      n = n.childOrCreate(part);
    }
    n.setter = setter;
  }

  @FunctionalInterface
  private interface Setter {
    void set(Builder b, JsonParser p) throws IOException;
  }

  private static final Node SKIP = new Node();
  private static final int NODES = Node.count;

  /*
   * Children are found by identity first: Jackson hands back the same canonical String instance
   * for a field name every time, so an open-addressed table of (key instance, node) pairs probed
   * with the cached String hash usually answers with one reference comparison. A miss goes to the
   * spelling table (canonical and lowercase keys) and the instance is then remembered, bounded by
   * MAX_CHILDREN, unknown names as SKIP. The identity table is replaced copy-on-write, so readers
   * on other threads see either the old or the new one.
   */
  private static final class Node {
    private static final int MAX_CHILDREN = 512;
    private static int count;
    final int index = count++;
    private final Map<String, Node> bySpelling = new HashMap<>();
    private volatile IdentityTable byInstance = new IdentityTable(16);
    private @Nullable Setter setter;

    @Nullable Node child(String name) {
      Node n = byInstance.get(name);
      if (n == null) {
        n = remember(name);
      }
      return n == SKIP ? null : n;
    }

    private synchronized Node remember(String name) {
      Node n = bySpelling.get(name);
      if (n == null) {
        n = bySpelling.get(name.toLowerCase(Locale.ROOT));
      }
      if (n == null) {
        n = SKIP;
      }
      IdentityTable table = byInstance;
      if (table.size < MAX_CHILDREN) {
        byInstance = table.with(name, n);
      }
      return n;
    }

    Node childOrCreate(String name) {
      Node n = bySpelling.get(name);
      if (n == null) {
        n = new Node();
        bySpelling.put(name, n);
        bySpelling.put(name.toLowerCase(Locale.ROOT), n);
        byInstance = byInstance.with(name.intern(), n).with(name.toLowerCase(Locale.ROOT).intern(), n);
      }
      return n;
    }
  }

  /** An immutable open-addressed map from String instances (compared by identity) to nodes. */
  private static final class IdentityTable {
    private final String[] keys;
    private final Node[] nodes;
    private final int mask;
    private final int size;

    IdentityTable(int capacity) {
      this(new String[capacity], new Node[capacity], 0);
    }

    private IdentityTable(String[] keys, Node[] nodes, int size) {
      this.keys = keys;
      this.nodes = nodes;
      this.mask = keys.length - 1;
      this.size = size;
    }

    @Nullable Node get(String key) {
      for (int i = key.hashCode() & mask; ; i = (i + 1) & mask) {
        String k = keys[i];
        if (k == key) {
          return nodes[i];
        }
        if (k == null) {
          return null;
        }
      }
    }

    IdentityTable with(String key, Node node) {
      if (get(key) != null) {
        return this;
      }
      int capacity = keys.length;
      while ((size + 1) * 2 > capacity) {
        capacity *= 2;
      }
      IdentityTable t = new IdentityTable(new String[capacity], new Node[capacity], size + 1);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null) {
          t.put(keys[i], nodes[i]);
        }
      }
      t.put(key, node);
      return t;
    }

    private void put(String key, Node node) {
      int i = key.hashCode() & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      nodes[i] = node;
    }
  }

  /** One reader's memory: its interner and the field order of the events it read (not thread-safe). */
  static final class Context {
    private final Interner interner = new Interner();
    private final @Nullable Name[] first = new Name[NODES];
    private final List<Map<String, Name>> names = new ArrayList<>();

    Context() {
      for (int i = 0; i < NODES; i++) {
        names.add(new HashMap<>());
      }
    }

    /** The name {@code spelling} inside {@code node}; remembered, up to Node.MAX_CHILDREN per node. */
    Name name(Node node, String spelling) {
      Map<String, Name> known = names.get(node.index);
      Name n = known.get(spelling);
      if (n == null) {
        n = new Name(spelling, node.child(spelling));
        if (known.size() < Node.MAX_CHILDREN) {
          known.put(spelling, n);
        }
      }
      return n;
    }
  }

  /** A field name as met in one kind of object: its bytes, its node (null: skipped), and the name that followed it last. */
  private static final class Name {
    final SerializedString quoted;
    final @Nullable Node child;
    @Nullable Name next;

    Name(String spelling, @Nullable Node child) {
      this.quoted = new SerializedString(spelling);
      this.child = child;
    }
  }

  /** Mutable scratch for one event; becomes an immutable OktaEvent. */
  private static final class Builder {
    final Context context;
    @Nullable String uuid;
    long published = OktaEvent.NO_TIME;
    @Nullable String eventType;
    @Nullable String outcome;
    @Nullable String outcomeReason;
    @Nullable String actorId;
    @Nullable String actorType;
    @Nullable String actorAlternateId;
    @Nullable String actorDisplayName;
    @Nullable String sessionId;
    @Nullable String rootSessionId;
    @Nullable String ip;
    @Nullable String clientId;
    @Nullable String zone;
    @Nullable String device;
    @Nullable String userAgent;
    @Nullable String browser;
    @Nullable String os;
    @Nullable String city;
    @Nullable String state;
    @Nullable String country;
    @Nullable String postalCode;
    double lat = Double.NaN;
    double lon = Double.NaN;
    long asNumber;
    @Nullable String asOrg;
    @Nullable String isp;
    @Nullable String domain;
    @Nullable Boolean proxy;
    Map<String, String> debugData = Map.of();
    @Nullable String[] debugValues = new String[0];
    List<OktaEvent.Target> targets = List.of();
    @Nullable String targetId;
    @Nullable String targetType;
    @Nullable String targetAlternateId;
    @Nullable String targetDisplayName;

    Builder(Context context) {
      this.context = context;
    }

    void debug(int key, @Nullable String value) {
      if (value != null) {
        debugValues[key] = value;
      }
    }

    OktaEvent build() {
      return new OktaEvent(
          uuid == null ? "" : uuid,
          published,
          eventType == null ? "" : eventType,
          outcome,
          outcomeReason,
          new OktaEvent.Actor(actorId, actorType, actorAlternateId, actorDisplayName),
          sessionId,
          rootSessionId,
          new OktaEvent.Client(ip, clientId, zone, device, userAgent, browser, os, city, state, country, postalCode, lat, lon),
          new OktaEvent.Security(asNumber, asOrg, isp, domain, proxy),
          debugData,
          targets);
    }
  }
}
