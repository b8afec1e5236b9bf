package dev.sidguard.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The per-event detection logic every runtime shares: runs the enabled rules on one event and turns
 * their findings into alerts (allow-list suppression, deduplication, escalation, deterministic ids).
 */
public final class DetectCore {
  /*
   * What a runtime adds. The core has no clock, no ordering and no storage of its own: the runtime
   * hands it events in (published, uuid) order per key, and a StateBackend whose clock it advances
   * to each event's time before calling process(). The embedded Engine wraps it with an ordering
   * buffer and HashMap state; the Flink operator with event-time timers and Flink keyed state. The
   * keys a core reads and writes for an event are its session id and its user (see Rule), so a
   * runtime that partitions events must keep every event of a session and of a user in one
   * partition.
   *
   * Alerts. One alert per (rule, session) — or (rule, user) without a session — while the
   * incident is alive: a repeat at the same or lower severity refreshes the dedup entry and is
   * dropped; a higher severity gives a new alert whose `escalates` names the first. Ids are
   * sha256(rule, incident key, triggering uuid, severity), so the same input gives the same ids.
   *
   * observedSince is the event time of the first event processed unless the runtime fixes it
   * (a restored checkpoint, a job parameter); warm-up rules compare against it.
   */
  private final List<Bound> rules = new ArrayList<>();
  private final Consumer<Alert> sink;
  private final Networks networks;
  private final StateBackend backend;
  private final Set<String> namespaces = new HashSet<>();
  private final KeyedState<AlertRef> dedup;
  private final KeyedState<SessionAlerts> sessionAlerts;
  private final MessageDigest sha256;
  private long observedSince = OktaEvent.NO_TIME;
  private long suppressed;
  private final Map<String, Long> alertsByRule = new TreeMap<>();

  /** Alerts raised in one session, oldest first (core-owned; rules read it via the context). */
  record SessionAlerts(List<AlertRef> alerts) {}

  /**
   * Creates a core running the enabled ones of {@code rules} (in this order) with {@code config}'s
   * session lifetime, severities and allow-lists, keeping state in {@code states} and sending
   * alerts to {@code sink}. Declares every state (the core's, then each rule's) before returning.
   */
  public DetectCore(DetectConfig config, List<Rule> rules, StateBackend states, Consumer<Alert> sink) {
    this.sink = sink;
    this.backend = states;
    this.networks = new Networks(config);
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

  /**
   * Judges one timed event with every rule; the state backend's clock must already stand at the
   * event's time (or later).
   */
  public void process(OktaEvent e) {
    if (observedSince == OktaEvent.NO_TIME) {
      observedSince = e.publishedMillis();
    }
    for (Bound b : rules) {
      b.current = e;
      b.rule.onEvent(e, b);
    }
  }

  /** The rules this core runs (enabled ones), in order. */
  public List<RuleInfo> rules() {
    return rules.stream().map(b -> b.rule.info()).toList();
  }

  /** Event time (epoch ms) from which input is considered watched; {@link OktaEvent#NO_TIME} before any. */
  public long observedSince() {
    return observedSince;
  }

  /** Fixes the start of observation (a job parameter or a restored checkpoint) instead of the first event's time. */
  public void observedSince(long millis) {
    observedSince = millis;
  }

  /** Findings dropped as allow-listed or as repeats of a live incident. */
  public long suppressed() {
    return suppressed;
  }

  /** Alerts raised, by rule id (sorted). */
  public Map<String, Long> alertsByRule() {
    return Collections.unmodifiableMap(new TreeMap<>(alertsByRule));
  }

  void restoreCounters(long suppressedCount, Map<String, Long> byRule) {
    suppressed = suppressedCount;
    alertsByRule.clear();
    alertsByRule.putAll(byRule);
  }

  private <V> KeyedState<V> register(String owner, String name, Class<V> type, Duration ttl) {
    String ns = owner + "/" + name;
    if (!namespaces.add(ns)) {
      throw new IllegalStateException("state " + ns + " declared twice");
    }
    return backend.create(ns, type, ttl);
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

  /** A rule bound to this core: its context and its state registry. */
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
      DetectCore.this.emit(this, e, finding);
    }
  }
}
