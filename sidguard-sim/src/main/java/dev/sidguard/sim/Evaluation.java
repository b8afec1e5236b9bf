package dev.sidguard.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidguard.detect.Alert;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.DetectException;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Detection quality of sidguard's built-in rules on a labelled event log: true and false positives,
 * missed attacks, precision, recall and false alerts per 10,000 benign sessions, per rule and overall.
 *
 * <p>Matching. An alert is a <em>true positive</em> for attack A when at least one of its evidence
 * events ({@code events}) is one of A's malicious events, or when its session is one of A's
 * sessions and its time lies inside A's window (for a HAR exposure the window opens when the HAR
 * was recorded: from then on the session is compromised, and its use is what the alert reports).
 * Any rule may score a true positive, not only the expected ones: a rule that fires on an attack's
 * events fires legitimately. Every other alert is a <em>false positive</em>. An attack is
 * <em>detected</em> when at least one alert is a true positive for it; an expected rule
 * <em>missed</em> an attack when none of its alerts is. Precision is TP / (TP + FP) over alerts;
 * recall is detected attacks / attacks (per rule: attacks it caught / attacks expecting it).
 * Benign sessions are the distinct sign-in sessions (Classic {@code 102…} and Identity Engine
 * {@code idx…} ids) in the log that belong to no attack.
 */
public final class Evaluation {
  private Evaluation() {}

  /** One rule's figures. */
  public record RuleScore(String rule, long truePositives, long falsePositives, int expectedAttacks,
      List<String> caught, List<String> missed) {
    public RuleScore {
      caught = List.copyOf(caught);
      missed = List.copyOf(missed);
    }

    /** TP / (TP + FP), or NaN without alerts. */
    public double precision() {
      long all = truePositives + falsePositives;
      return all == 0 ? Double.NaN : (double) truePositives / all;
    }

    /** Caught / expected attacks, or NaN when no attack expects this rule. */
    public double recall() {
      return expectedAttacks == 0 ? Double.NaN : (double) caught.size() / expectedAttacks;
    }
  }

  /** One attack's outcome: which rules raised a true positive on it. */
  public record AttackOutcome(String id, String scenario, List<String> expectedRules, List<String> firedRules) {
    public AttackOutcome {
      expectedRules = List.copyOf(expectedRules);
      firedRules = List.copyOf(firedRules);
    }

    public boolean detected() {
      return !firedRules.isEmpty();
    }
  }

  /** A false positive, described without evidence values beyond the alert's own summary. */
  public record FalsePositive(String rule, String time, @org.jspecify.annotations.Nullable String user,
      @org.jspecify.annotations.Nullable String session, String summary) {}

  /** The whole evaluation. */
  public record Report(long events, long benignSessions, List<RuleScore> rules, List<AttackOutcome> attacks,
      long truePositives, long falsePositives, List<FalsePositive> falsePositiveSample) {
    public Report {
      rules = List.copyOf(rules);
      attacks = List.copyOf(attacks);
      falsePositiveSample = List.copyOf(falsePositiveSample);
    }

    public List<String> missedAttacks() {
      return attacks.stream().filter(a -> !a.detected()).map(AttackOutcome::id).toList();
    }

    public boolean allDetected() {
      return missedAttacks().isEmpty();
    }

    public double precision() {
      long all = truePositives + falsePositives;
      return all == 0 ? Double.NaN : (double) truePositives / all;
    }

    public double recall() {
      return attacks.isEmpty() ? Double.NaN : (double) (attacks.size() - missedAttacks().size()) / attacks.size();
    }

    /** False-positive alerts per 10,000 benign sessions. */
    public double falsePositivesPer10kSessions() {
      return benignSessions == 0 ? Double.NaN : falsePositives * 10_000.0 / benignSessions;
    }

    /** Every alert (true or false) per 10,000 benign sessions: the load on whoever reads them. */
    public double alertsPer10kSessions() {
      return benignSessions == 0 ? Double.NaN : (truePositives + falsePositives) * 10_000.0 / benignSessions;
    }

    /** A human-readable table. */
    public String text() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%d events, %d benign sessions, %d attacks%n%n", events, benignSessions,
          attacks.size()));
      sb.append(String.format(Locale.ROOT, "%-40s %5s %5s %7s %9s %9s %11s%n", "rule", "TP", "FP", "missed",
          "precision", "recall", "FP/10k ses"));
      for (RuleScore r : rules) {
        sb.append(String.format(Locale.ROOT, "%-40s %5d %5d %7s %9s %9s %11s%n", r.rule(), r.truePositives(),
            r.falsePositives(), r.expectedAttacks() == 0 ? "-" : r.missed().size() + "/" + r.expectedAttacks(),
            pct(r.precision()), pct(r.recall()), per10k(r.falsePositives(), benignSessions)));
      }
      sb.append(String.format(Locale.ROOT, "%-40s %5d %5d %7s %9s %9s %11s%n", "overall", truePositives,
          falsePositives, missedAttacks().size() + "/" + attacks.size(), pct(precision()), pct(recall()),
          fixed(falsePositivesPer10kSessions())));
      sb.append(String.format(Locale.ROOT, "%nalerts per 10k benign sessions: %s (false positives: %s)%n%n",
          fixed(alertsPer10kSessions()), fixed(falsePositivesPer10kSessions())));
      for (AttackOutcome a : attacks) {
        List<String> missing = new ArrayList<>(a.expectedRules());
        missing.removeAll(a.firedRules());
        sb.append(String.format(Locale.ROOT, "%-32s %-9s fired: %s%s%n", a.id(), a.detected() ? "detected" : "MISSED",
            a.firedRules().isEmpty() ? "-" : String.join(", ", a.firedRules()),
            missing.isEmpty() ? "" : "; expected but silent: " + String.join(", ", missing)));
      }
      if (!falsePositiveSample.isEmpty()) {
        sb.append(String.format(Locale.ROOT, "%nfalse positives (first %d):%n", falsePositiveSample.size()));
        for (FalsePositive f : falsePositiveSample) {
          sb.append("  ").append(f.time()).append(' ').append(f.rule()).append(": ").append(f.summary()).append('\n');
        }
      }
      return sb.toString();
    }

    /** The report as a JSON object. */
    public String json() {
      ObjectNode root = Labels.JSON.createObjectNode();
      root.put("events", events);
      root.put("benign_sessions", benignSessions);
      ObjectNode overall = root.putObject("overall");
      overall.put("true_positives", truePositives);
      overall.put("false_positives", falsePositives);
      overall.put("attacks", attacks.size());
      missedAttacks().forEach(overall.putArray("missed_attacks")::add);
      number(overall, "precision", precision());
      number(overall, "recall", recall());
      number(overall, "false_positives_per_10k_benign_sessions", falsePositivesPer10kSessions());
      number(overall, "alerts_per_10k_benign_sessions", alertsPer10kSessions());
      ArrayNode rs = root.putArray("rules");
      for (RuleScore r : rules) {
        ObjectNode o = rs.addObject();
        o.put("rule", r.rule());
        o.put("true_positives", r.truePositives());
        o.put("false_positives", r.falsePositives());
        o.put("expected_attacks", r.expectedAttacks());
        r.caught().forEach(o.putArray("caught")::add);
        r.missed().forEach(o.putArray("missed")::add);
        number(o, "precision", r.precision());
        number(o, "recall", r.recall());
        number(o, "false_positives_per_10k_benign_sessions",
            benignSessions == 0 ? Double.NaN : r.falsePositives() * 10_000.0 / benignSessions);
      }
      ArrayNode as = root.putArray("attacks");
      for (AttackOutcome a : attacks) {
        ObjectNode o = as.addObject();
        o.put("id", a.id());
        o.put("scenario", a.scenario());
        o.put("detected", a.detected());
        a.expectedRules().forEach(o.putArray("expected_rules")::add);
        a.firedRules().forEach(o.putArray("fired_rules")::add);
      }
      ArrayNode fps = root.putArray("false_positive_sample");
      for (FalsePositive f : falsePositiveSample) {
        ObjectNode o = fps.addObject();
        o.put("rule", f.rule());
        o.put("time", f.time());
        o.put("user", f.user());
        o.put("session", f.session());
        o.put("summary", f.summary());
      }
      try {
        return Labels.JSON.writeValueAsString(root) + "\n";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String pct(double v) {
      return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String fixed(double v) {
      return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String per10k(long n, long sessions) {
      return sessions == 0 ? "-" : fixed(n * 10_000.0 / sessions);
    }

    private static void number(ObjectNode o, String key, double v) {
      if (Double.isNaN(v)) {
        o.putNull(key);
      } else {
        o.put(key, Math.round(v * 10_000) / 10_000.0);
      }
    }
  }

  /**
   * Runs the built-in rules over {@code events} and scores the alerts against {@code labels}.
   *
   * @throws SimException when the events cannot be read (naming the file)
   */
  public static Report run(Path events, Labels labels, DetectConfig config, Watchlist watchlist) {
    try (EventReader reader = EventReader.open(events)) {
      return run(reader, labels, config, watchlist);
    } catch (DetectException e) {
      throw new SimException(e.getMessage(), e);
    }
  }

  /** Like {@link #run(Path, Labels, DetectConfig, Watchlist)} over an open reader. */
  public static Report run(EventReader reader, Labels labels, DetectConfig config, Watchlist watchlist) {
    List<Alert> alerts = new ArrayList<>();
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), alerts::add);
    Set<String> sessions = new HashSet<>();
    long count = 0;
    for (OktaEvent e = reader.next(); e != null; e = reader.next()) {
      engine.accept(e);
      count++;
      String s = e.sessionId();
      if (s != null && (s.startsWith("102") || s.startsWith("idx"))) {
        sessions.add(s);
      }
    }
    engine.flush();
    if (reader.malformedCount() > 0) {
      throw new SimException(reader.name() + ": " + reader.malformedCount() + " malformed records, first: "
          + reader.malformed().get(0));
    }
    return score(count, sessions, alerts, labels, engine.rules().stream().map(r -> r.id()).toList());
  }

  static Report score(long events, Set<String> sessions, List<Alert> alerts, Labels labels, List<String> ruleIds) {
    List<Labels.Attack> attacks = labels.attacks();
    List<Set<String>> malicious = new ArrayList<>();
    Set<String> attackSessions = new HashSet<>();
    for (Labels.Attack a : attacks) {
      malicious.add(new HashSet<>(a.maliciousEvents()));
      attackSessions.addAll(a.sessions());
    }
    Map<String, long[]> perRule = new LinkedHashMap<>();
    ruleIds.forEach(r -> perRule.put(r, new long[2]));
    List<Set<String>> fired = new ArrayList<>();
    attacks.forEach(a -> fired.add(new LinkedHashSet<>()));
    List<FalsePositive> sample = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (Alert alert : alerts) {
      boolean hit = false;
      for (int i = 0; i < attacks.size(); i++) {
        if (matches(alert, attacks.get(i), malicious.get(i))) {
          fired.get(i).add(alert.rule());
          hit = true;
        }
      }
      long[] c = perRule.computeIfAbsent(alert.rule(), k -> new long[2]);
      if (hit) {
        c[0]++;
        tp++;
      } else {
        c[1]++;
        fp++;
        if (sample.size() < 20) {
          sample.add(new FalsePositive(alert.rule(), alert.time().toString(), alert.user(), alert.session(),
              alert.summary()));
        }
      }
    }
    List<RuleScore> rules = new ArrayList<>();
    for (Map.Entry<String, long[]> r : perRule.entrySet()) {
      List<String> caught = new ArrayList<>();
      List<String> missed = new ArrayList<>();
      int expected = 0;
      for (int i = 0; i < attacks.size(); i++) {
        if (attacks.get(i).expectedRules().contains(r.getKey())) {
          expected++;
          (fired.get(i).contains(r.getKey()) ? caught : missed).add(attacks.get(i).id());
        }
      }
      rules.add(new RuleScore(r.getKey(), r.getValue()[0], r.getValue()[1], expected, caught, missed));
    }
    List<AttackOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < attacks.size(); i++) {
      Labels.Attack a = attacks.get(i);
      List<String> firedRules = new ArrayList<>();
      for (String id : ruleIds) {
        if (fired.get(i).contains(id)) {
          firedRules.add(id);
        }
      }
      outcomes.add(new AttackOutcome(a.id(), a.scenario().id(), a.expectedRules(), firedRules));
    }
    long benign = sessions.stream().filter(s -> !attackSessions.contains(s)).count();
    return new Report(events, benign, rules, outcomes, tp, fp, sample);
  }

  private static boolean matches(Alert alert, Labels.Attack a, Set<String> malicious) {
    for (String uuid : alert.events()) {
      if (malicious.contains(uuid)) {
        return true;
      }
    }
    return alert.session() != null && a.sessions().contains(alert.session())
        && !alert.time().isBefore(a.windowStart()) && !alert.time().isAfter(a.windowEnd());
  }
}
