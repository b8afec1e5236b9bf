package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The October 2023 pattern end to end: an admin session born at the office egress with MFA is
 * replayed hours later from a hosting ASN abroad with another browser and device token, opens the
 * Admin Console, adds a user to a privileged group and updates then activates an identity provider.
 */
class Chain2023Test {
  private static final DetectConfig CONFIG = DetectConfig.parse(
      "admin_egress_cidrs: [203.0.113.0/24]\nprivileged_groups: [Okta Administrators]\n", "chain.yaml");

  @Test
  void replayChain_raisesReplayConsoleAndPrivilegedAlerts_andOneCriticalEscalation() {
    List<OktaEvent> events = Runs.resource("chain-2023.ndjson");
    List<Alert> alerts = Runs.run(CONFIG, Watchlist.empty(), events);
    Map<String, Alert> byRule = alerts.stream().collect(Collectors.toMap(Alert::rule, Function.identity()));

    assertThat(alerts).extracting(Alert::rule).containsExactlyInAnyOrder(
        "session-replay", "admin-console-new-network", "privileged-change-untrusted-network",
        "sensitive-change-in-suspicious-session");
    Alert replay = byRule.get("session-replay");
    assertThat(replay.severity()).isEqualTo(Severity.HIGH);
    assertThat(replay.session()).isEqualTo("102AbCdEfGhIjKlMnOpQrStUv");
    assertThat(replay.user()).isEqualTo("alice.admin@example.com");
    assertThat(replay.evidence().get("changed")).asList().contains("network", "country", "hosting", "browser_or_os");

    Alert critical = byRule.get("sensitive-change-in-suspicious-session");
    assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(critical.escalates()).isEqualTo(replay.id());
    assertThat(critical.evidence().get("change")).isEqualTo("system.idp.lifecycle.update");
    assertThat(critical.evidence().get("flagged_by")).asList()
        .contains("session-replay", "admin-console-new-network", "privileged-change-untrusted-network");

    Alert privileged = byRule.get("privileged-change-untrusted-network");
    assertThat(privileged.evidence().get("groups")).asList().containsExactly("Okta Administrators");
  }

  @Test
  void legitimatePartOfTheChain_raisesNothing() {
    List<OktaEvent> events = Runs.resource("chain-2023.ndjson");
    List<OktaEvent> beforeReplay = events.stream().filter(e -> !"167.99.36.12".equals(e.client().ip())).toList();
    assertThat(beforeReplay).hasSizeLessThan(events.size()).isNotEmpty();
    assertThat(Runs.run(CONFIG, Watchlist.empty(), beforeReplay)).isEmpty();
  }

  @Test
  void sameInputTwice_givesIdenticalAlertIds() {
    List<OktaEvent> events = Runs.resource("chain-2023.ndjson");
    assertThat(Runs.run(CONFIG, Watchlist.empty(), events).stream().map(Alert::id).toList())
        .isEqualTo(Runs.run(CONFIG, Watchlist.empty(), events).stream().map(Alert::id).toList())
        .doesNotHaveDuplicates();
  }
}
