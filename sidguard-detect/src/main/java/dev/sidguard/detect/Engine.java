package dev.sidguard.detect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The embedded detection engine: orders events, keeps keyed state in memory with event-time expiry,
 * runs the shared {@link DetectCore} on each event, and can checkpoint and restore all of it.
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
   * Detection (rules, dedup, escalation, alert ids) is DetectCore's, shared with the Flink job.
   */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int SWEEP_EVERY_EVENTS = 8192;
  private static final long SWEEP_EVERY_MILLIS = 60_000;
  private static final int SNAPSHOT_VERSION = 1;

  private final DetectCore core;
  private final long windowMillis;
  private final EventQueue buffer = new EventQueue();
  private final Map<String, StateImpl<?>> states = new LinkedHashMap<>();
  private long maxSeen = Long.MIN_VALUE;
  private long clock = Long.MIN_VALUE;
  private long lastSweep = Long.MIN_VALUE;
  private long sinceSweep;
  private long events;
  private long untimed;
  private long late;

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
    this.windowMillis = config.outOfOrderWindow().toMillis();
    this.core = new DetectCore(config, rules, this::register, sink);
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
    return new Stats(events, untimed, late, core.suppressed(), core.alertsByRule(), keys, buffer.size());
  }

  /** The rules this engine runs (enabled ones), in order. */
  public List<RuleInfo> rules() {
    return core.rules();
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
    core.process(e);
    if (++sinceSweep >= SWEEP_EVERY_EVENTS && clock - lastSweep >= SWEEP_EVERY_MILLIS) {
      sweep();
    }
  }

  private <V> KeyedState<V> register(String namespace, Class<V> type, Duration ttl) {
    StateImpl<V> s = new StateImpl<>(namespace, type, ttl.toMillis());
    states.put(namespace, s);
    return s;
  }

  // ---- checkpoints ----

  /** Writes the whole engine state (keyed state, dedup, ordering buffer, counters) as JSON. */
  public void writeSnapshot(OutputStream out) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", SNAPSHOT_VERSION);
    root.put("maxSeen", maxSeen);
    root.put("clock", clock);
    root.put("observedSince", core.observedSince());
    root.put("lastSweep", lastSweep);
    root.put("events", events);
    root.put("untimed", untimed);
    root.put("late", late);
    root.put("suppressed", core.suppressed());
    root.set("alertsByRule", MAPPER.valueToTree(core.alertsByRule()));
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
    core.observedSince(root.path("observedSince").asLong());
    lastSweep = root.path("lastSweep").asLong();
    events = root.path("events").asLong();
    untimed = root.path("untimed").asLong();
    late = root.path("late").asLong();
    Map<String, Long> byRule = new TreeMap<>();
    for (Map.Entry<String, JsonNode> f : root.path("alertsByRule").properties()) {
      byRule.put(f.getKey(), f.getValue().asLong());
    }
    core.restoreCounters(root.path("suppressed").asLong(), byRule);
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
