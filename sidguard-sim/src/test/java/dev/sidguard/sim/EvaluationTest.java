package dev.sidguard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @TempDir static Path dir;
  private static Path events;
  private static Labels labels;
  private static Evaluation.Report baseline;

  @BeforeAll
  static void simulate() throws IOException {
    events = dir.resolve("e.ndjson");
    try (OutputStream out = Files.newOutputStream(events)) {
      labels = TenantSimulator.builder().users(150).days(5).seed(11).build().write(out);
    }
    baseline = Evaluation.run(events, labels, labels.tenant().detectConfig(), labels.watchlist());
  }

  @Test
  void run_simulatedTenant_everyAttackDetected() {
    assertThat(baseline.allDetected()).as(baseline.text()).isTrue();
    assertThat(baseline.truePositives()).isGreaterThanOrEqualTo(labels.attacks().size());
    assertThat(baseline.events()).isEqualTo(labels.events());
    assertThat(baseline.benignSessions()).isLessThan(labels.sessions()).isGreaterThan(labels.sessions() / 2);
  }

  @Test
  void run_unlabelledAttack_itsAlertsBecomeFalsePositives() {
    Labels.Attack har = labels.attacks().get(0);
    List<Labels.Attack> rest = new ArrayList<>(labels.attacks());
    rest.remove(har);
    Labels without = with(rest);
    Evaluation.Report r = Evaluation.run(events, without, labels.tenant().detectConfig(), labels.watchlist());
    long harAlerts = baseline.truePositives() - r.truePositives();
    assertThat(harAlerts).isGreaterThanOrEqualTo(har.expectedRules().size());
    assertThat(r.falsePositives()).isEqualTo(baseline.falsePositives() + harAlerts);
    assertThat(r.attacks()).hasSize(labels.attacks().size() - 1);
  }

  @Test
  void run_attackNoAlertTouches_isMissedAndPerRuleMissesAreNamed() {
    List<Labels.Attack> attacks = new ArrayList<>(labels.attacks());
    Instant t = labels.start();
    attacks.add(new Labels.Attack("phantom-1", Scenario.TOKEN_WITHOUT_MFA, List.of("nobody@acme.example"),
        List.of("102NoSuchSessionAnywhere00"), List.of("00000000-0000-1000-8000-000000000000"), t, t,
        List.of("token-without-mfa")));
    Evaluation.Report r = Evaluation.run(events, with(attacks), labels.tenant().detectConfig(), labels.watchlist());
    assertThat(r.missedAttacks()).containsExactly("phantom-1");
    assertThat(r.allDetected()).isFalse();
    assertThat(r.recall()).isLessThan(1.0);
    assertThat(r.rules()).filteredOn(s -> s.rule().equals("token-without-mfa")).singleElement()
        .satisfies(s -> assertThat(s.missed()).containsExactly("phantom-1"));
    assertThat(r.text()).contains("phantom-1", "MISSED");
    assertThat(r.json()).contains("\"missed_attacks\" : [ \"phantom-1\" ]");
  }

  @Test
  void run_withoutTheWatchlist_exposedSessionRuleGoesSilent() {
    Evaluation.Report r = Evaluation.run(events, labels, labels.tenant().detectConfig(), Watchlist.empty());
    assertThat(r.rules()).filteredOn(s -> s.rule().equals("exposed-session-used")).singleElement()
        .satisfies(s -> assertThat(s.missed()).hasSize(1));
  }

  private static Labels with(List<Labels.Attack> attacks) {
    return new Labels(labels.seed(), labels.users(), labels.days(), labels.start(), labels.end(), labels.events(),
        labels.sessions(), labels.scenarios(), labels.tenant(), attacks, labels.benignTraps(), labels.exposure());
  }
}
