package dev.sidguard.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The embedded detection engine: orders events, runs every enabled rule on each, owns keyed state,
 * deduplication, escalation and alert ids, and can checkpoint and restore all of it.
 */
public final class Engine {
  /*
   * Ordering. Events are held in a priority queue by (published, uuid) and released once
   * published < maxPublishedSeen - window (strict, so a later arrival within the window can still
   * sort before anything released). An input whose every event arrives before the stream has
   * moved more than `window` past it is therefore processed exactly as the sorted input would be.
   * Events later than that are processed at once and counted as late. flush() releases the rest.
   *
   * Time and state. State time is event time: the clock is the largest released `published`.
   * Entries carry an expiry (clock + ttl at their last write); get() treats an expired entry as
   * absent, so results never depend on when the periodic sweep runs (which only frees memory),
   * nor on where a checkpoint was taken.
   *
   * Alerts. One alert per (rule, session) — or (rule, user) without a session — while the
   * incident is alive: a repeat at the same or lower severity refreshes the dedup entry and is
   * dropped; a higher severity gives a new alert whose `escalates` names the first. Ids are
   * sha256(rule, incident key, triggering uuid, severity), so the same input gives the same ids.
   */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int SWEEP_EVERY_EVENTS = 8192;
  private static final long SWEEP_EVERY_MILLIS = 60_000;
  private static final int SNAPSHOT_VERSION = 1;

  private final List<Bound> rules = new ArrayList<>();
  private final Consumer<Alert> sink;
  private final Networks networks;
  private final long windowMillis;
  private final EventQueue buffer = new EventQueue();
  private final Map<String, StateImpl<?>> states = new LinkedHashMap<>();
  private final StateImpl<AlertRef> dedup;
  private final StateImpl<SessionAlerts> sessionAlerts;
  private final MessageDigest sha256;
  private long maxSeen = Long.MIN_VALUE;
  private long clock = Long.MIN_VALUE;
  private long observedSince = OktaEvent.NO_TIME;
  private long lastSweep = Long.MIN_VALUE;
  private long sinceSweep;
  private long events;
  private long untimed;
  private long late;
  private long suppressed;
  private final Map<String, Long> alertsByRule = new TreeMap<>();

  /** Alerts raised in one session, oldest first (engine-owned; rules read it via the context). */
  record SessionAlerts(List<AlertRef> alerts) {}

  /** Counters since the engine (or its restored checkpoint) began. */
  public record Stats(long events, long untimed, long late, long suppressed, Map<String, Long> alertsByRule,
      long trackedKeys, int buffered) {
    public long alerts() {
      return alertsByRule.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Creates an engine running {@code rules} (in this order) with {@code config}'s ordering window,
   * session lifetime and allow-lists, sending alerts to {@code sink}.
   */
  public Engine(DetectConfig config, List<Rule> rules, Consumer<Alert> sink) {
    this.sink = sink;
    this.networks = new Networks(config);
    this.windowMillis = config.outOfOrderWindow().toMillis();
    Duration lifetime = config.sessionLifetime();
    this.dedup = register("engine", "alerts", AlertRef.class, lifetime);
    this.sessionAlerts = register("engine", "session-alerts", SessionAlerts.class, lifetime);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Rule r : rules) {
      DetectConfig.RuleSettings s = config.rule(r.info().id());
      if (s != null && !s.enabled()) {
        continue;
      }
      Bound b = new Bound(r, s == null ? r.info().severity() : s.severity());
      r.open(b);
      this.rules.add(b);
    }
  }

  /** Accepts one event; alerts for events released from the ordering buffer go to the sink. */
  public void accept(OktaEvent e) {
    events++;
    if (!e.hasTime()) {
      untimed++;
      return;
    }
    long t = e.publishedMillis();
    if (maxSeen != Long.MIN_VALUE && t < maxSeen - windowMillis && t < clock) {
      late++;
      process(e);
      return;
    }
    buffer.add(e);
    if (t > maxSeen) {
      maxSeen = t;
      long releaseBefore = maxSeen - windowMillis;
      while (buffer.size() > 0 && buffer.headTime() < releaseBefore) {
        process(buffer.poll());
      }
    }
  }

  /** Releases every buffered event (end of input). */
  public void flush() {
    OktaEvent head;
    while ((head = buffer.poll()) != null) {
      process(head);
    }
  }

  public Stats stats() {
    long keys = 0;
    for (StateImpl<?> s : states.values()) {
      keys += s.map.size();
    }
    return new Stats(events, untimed, late, suppressed, java.util.Collections.unmodifiableMap(new TreeMap<>(alertsByRule)),
        keys, buffer.size());
  }

  /** The rules this engine runs (enabled ones), in order. */
  public List<RuleInfo> rules() {
    return rules.stream().map(b -> b.rule.info()).toList();
  }

  /** Forces expired state out of memory (normally done every few thousand events). */
  public void sweep() {
    for (StateImpl<?> s : states.values()) {
      s.sweep(clock);
    }
    lastSweep = clock;
    sinceSweep = 0;
  }

  private void process(OktaEvent e) {
    long t = e.publishedMillis();
    if (t > clock) {
      clock = t;
    }
    if (observedSince == OktaEvent.NO_TIME) {
      observedSince = t;
    }
    for (Bound b : rules) {
      b.current = e;
      b.rule.onEvent(e, b);
    }
    if (++sinceSweep >= SWEEP_EVERY_EVENTS && clock - lastSweep >= SWEEP_EVERY_MILLIS) {
      sweep();
    }
  }

  private <V> StateImpl<V> register(String owner, String name, Class<V> type, Duration ttl) {
    String ns = owner + "/" + name;
    if (states.containsKey(ns)) {
      throw new IllegalStateException("state " + ns + " declared twice");
    }
    StateImpl<V> s = new StateImpl<>(ns, type, ttl.toMillis());
    states.put(ns, s);
    return s;
  }

  private void emit(Bound b, OktaEvent e, Finding f) {
    if (networks.allowed(e)) {
      suppressed++;
      return;
    }
    String rule = b.rule.info().id();
    String incident = f.session() != null ? "s:" + f.session() : "u:" + f.user();
    String key = rule + "|" + incident;
    AlertRef prev = dedup.get(key);
    if (prev != null && prev.severity().compareTo(f.severity()) >= 0) {
      dedup.put(key, prev);
      suppressed++;
      return;
    }
    String id = alertId(rule, incident, e.uuid(), f.severity());
    String escalates = f.escalates() != null ? f.escalates() : prev == null ? null : prev.id();
    Alert alert = new Alert(id, rule, f.severity(), e.published(), f.user(), f.session(), f.summary(), f.events(),
        f.evidence(), b.rule.info().attack(), escalates);
    AlertRef ref = new AlertRef(id, rule, f.severity(), e.publishedMillis());
    dedup.put(key, ref);
    if (f.session() != null) {
      SessionAlerts existing = sessionAlerts.get(f.session());
      List<AlertRef> list = new ArrayList<>(existing == null ? List.of() : existing.alerts());
      list.add(ref);
      sessionAlerts.put(f.session(), new SessionAlerts(List.copyOf(list)));
    }
    alertsByRule.merge(rule, 1L, Long::sum);
    sink.accept(alert);
  }

  private String alertId(String rule, String incident, String uuid, Severity severity) {
    sha256.reset();
    byte[] digest = sha256.digest(
        (rule + "\n" + incident + "\n" + uuid + "\n" + severity.label()).getBytes(StandardCharsets.UTF_8));
    return "sg-" + HexFormat.of().formatHex(digest, 0, 10);
  }

  // ---- checkpoints ----

  /** Writes the whole engine state (keyed state, dedup, ordering buffer, counters) as JSON. */
  public void writeSnapshot(OutputStream out) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", SNAPSHOT_VERSION);
    root.put("maxSeen", maxSeen);
    root.put("clock", clock);
    root.put("observedSince", observedSince);
    root.put("lastSweep", lastSweep);
    root.put("events", events);
    root.put("untimed", untimed);
    root.put("late", late);
    root.put("suppressed", suppressed);
    root.set("alertsByRule", MAPPER.valueToTree(alertsByRule));
    ObjectNode st = root.putObject("states");
    for (StateImpl<?> s : states.values()) {
      ArrayNode entries = st.putArray(s.namespace);
      for (Map.Entry<String, ? extends Slot<?>> en : new TreeMap<>(s.map).entrySet()) {
        if (en.getValue().expiresAt <= clock) {
          continue;
        }
        ObjectNode o = entries.addObject();
        o.put("k", en.getKey());
        o.put("x", en.getValue().expiresAt);
        o.set("v", MAPPER.valueToTree(en.getValue().value));
      }
    }
    root.set("buffer", MAPPER.valueToTree(buffer.sorted()));
    MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, root);
  }

  /**
   * Replaces this engine's state with a snapshot written by {@link #writeSnapshot} from an engine
   * with the same rules.
   *
   * @throws IOException when the snapshot is unreadable or from an incompatible version
   */
  public void restore(InputStream in) throws IOException {
    JsonNode root = MAPPER.readTree(in);
    if (root == null || root.path("version").asInt() != SNAPSHOT_VERSION) {
      throw new IOException("unsupported snapshot version");
    }
    maxSeen = root.path("maxSeen").asLong();
    clock = root.path("clock").asLong();
    observedSince = root.path("observedSince").asLong();
    lastSweep = root.path("lastSweep").asLong();
    events = root.path("events").asLong();
    untimed = root.path("untimed").asLong();
    late = root.path("late").asLong();
    suppressed = root.path("suppressed").asLong();
    alertsByRule.clear();
    for (Map.Entry<String, JsonNode> f : root.path("alertsByRule").properties()) {
      alertsByRule.put(f.getKey(), f.getValue().asLong());
    }
    for (StateImpl<?> s : states.values()) {
      s.map.clear();
      for (JsonNode o : root.path("states").path(s.namespace)) {
        s.restoreEntry(o.path("k").asText(), o.path("x").asLong(), o.path("v"));
      }
    }
    buffer.clear();
    for (JsonNode ev : root.path("buffer")) {
      buffer.add(MAPPER.treeToValue(ev, OktaEvent.class));
    }
  }

  /** A rule bound to this engine: its context and its state registry. */
  private final class Bound implements RuleContext, StateRegistry {
    final Rule rule;
    final Severity severity;
    @Nullable OktaEvent current;

    Bound(Rule rule, Severity severity) {
      this.rule = rule;
      this.severity = severity;
    }

    @Override
    public <V> KeyedState<V> keyed(String name, Class<V> type, Duration ttl) {
      return register(rule.info().id(), name, type, ttl);
    }

    @Override
    public Severity severity() {
      return severity;
    }

    @Override
    public long observedSince() {
      return observedSince;
    }

    @Override
    public List<AlertRef> alertsInSession(String sessionId) {
      SessionAlerts a = sessionAlerts.get(sessionId);
      return a == null ? List.of() : a.alerts();
    }

    @Override
    public void emit(Finding finding) {
      OktaEvent e = current;
      if (e == null) {
        throw new IllegalStateException("emit outside onEvent");
      }
      Engine.this.emit(this, e, finding);
    }
  }

  private static final class Slot<V> {
    V value;
    long expiresAt;

    Slot(V value, long expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }
  }

  private final class StateImpl<V> implements KeyedState<V> {
    final String namespace;
    final Class<V> type;
    final long ttl;
    final HashMap<String, Slot<V>> map = new HashMap<>();

    StateImpl(String namespace, Class<V> type, long ttl) {
      this.namespace = namespace;
      this.type = type;
      this.ttl = ttl;
    }

    @Override
    public @Nullable V get(String key) {
      Slot<V> s = map.get(key);
      if (s == null) {
        return null;
      }
      if (s.expiresAt <= clock) {
        map.remove(key);
        return null;
      }
      return s.value;
    }

    @Override
    public void put(String key, V value) {
      long exp = clock + ttl;
      Slot<V> s = map.get(key);
      if (s == null) {
        map.put(key, new Slot<>(value, exp));
      } else {
        s.value = value;
        s.expiresAt = exp;
      }
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    void sweep(long now) {
      Iterator<Slot<V>> it = map.values().iterator();
      while (it.hasNext()) {
        if (it.next().expiresAt <= now) {
          it.remove();
        }
      }
    }

    void restoreEntry(String key, long expiresAt, JsonNode value) throws IOException {
      map.put(key, new Slot<>(MAPPER.treeToValue(value, type), expiresAt));
    }
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
