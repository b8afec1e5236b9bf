package dev.sidguard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidguard.detect.Rules;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bar, held for three seeds on a full-size tenant (1,000 users, 7 days, every
 * scenario, about 140,000 events and 12,500 sessions each): every attack detected by every rule
 * it is expected to trip, and at most one false-positive alert per 10,000 benign sessions.
 */
class DetectionQualityTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void evaluate_defaultTenant_fullRecallAndAtMostOneFalseAlertPer10kSessions(long seed) throws IOException {
    Path events = dir.resolve("events.ndjson");
    Labels labels;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(events), 1 << 16)) {
      labels = TenantSimulator.builder().users(1000).days(7).seed(seed).build().write(out);
    }
    Evaluation.Report report = Evaluation.run(events, labels, labels.tenant().detectConfig(), labels.watchlist());

    assertThat(report.attacks()).hasSize(Scenario.values().length);
    assertThat(report.missedAttacks()).as(report.text()).isEmpty();
    for (Evaluation.AttackOutcome a : report.attacks()) {
      assertThat(a.firedRules()).as("%s%n%s", a.id(), report.text()).containsAll(a.expectedRules());
    }
    assertThat(report.recall()).isEqualTo(1.0);
    assertThat(report.benignSessions()).isGreaterThan(10_000);
    assertThat(report.falsePositivesPer10kSessions()).as(report.text()).isLessThanOrEqualTo(1.0);
  }

  @org.junit.jupiter.api.Test
  void everyBuiltInRule_isExpectedByAScenario_andTrappedByBenignLife() {
    Set<String> expected = new HashSet<>();
    for (Scenario s : Scenario.values()) {
      expected.addAll(s.expectedRules());
    }
    Labels labels = TenantSimulator.builder().users(300).days(7).seed(9).build()
        .write(OutputStream.nullOutputStream());
    Set<String> trapped = new HashSet<>();
    for (Labels.TrapCount c : labels.benignTraps()) {
      if (c.count() > 0) {
        trapped.addAll(c.trap().rules());
      }
    }
    assertThat(expected).containsAll(Rules.IDS);
    assertThat(trapped).containsAll(Rules.IDS);
    assertThat(labels.benignTraps()).extracting(Labels.TrapCount::trap).contains(Trap.values());
  }
}
