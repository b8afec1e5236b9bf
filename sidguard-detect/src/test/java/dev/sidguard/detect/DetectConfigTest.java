package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectConfigTest {

  @Test
  void defaults_workWithoutAFile() {
    DetectConfig c = DetectConfig.defaults();
    assertThat(c.adminEgressCidrs()).isEmpty();
    assertThat(c.sessionLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(c.outOfOrderWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.maxSpeedKmh()).isEqualTo(1000);
    assertThat(c.hostingKeywords()).contains("digitalocean", "hetzner", "cloud");
    for (String id : Rules.IDS) {
      assertThat(c.rule(id)).as(id).isNotNull();
      assertThat(c.rule(id).enabled()).isTrue();
    }
    assertThat(c.rule("sensitive-change-in-suspicious-session").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void file_overridesListsDurationsTravelAndRules() {
    DetectConfig c = DetectConfig.parse("""
        admin_egress_cidrs: [198.51.100.0/24, "2001:db8::/32"]
        privileged_groups: [Admins]
        trusted_asns: [AS64501, 64502]
        session_lifetime: 2h
        learning_window: P7D
        out_of_order_window: 90s
        travel: {max_speed_kmh: 900, min_distance_km: 300}
        rules:
          impossible-travel: {enabled: false}
          session-replay: {severity: critical}
        """, "c.yaml");
    assertThat(c.adminEgressCidrs()).containsExactly("198.51.100.0/24", "2001:db8::/32");
    assertThat(c.privilegedGroups()).containsExactly("Admins");
    assertThat(c.trustedAsns()).containsExactlyInAnyOrder(64501L, 64502L);
    assertThat(c.sessionLifetime()).isEqualTo(Duration.ofHours(2));
    assertThat(c.learningWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(c.outOfOrderWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.maxSpeedKmh()).isEqualTo(900);
    assertThat(c.minDistanceKm()).isEqualTo(300);
    assertThat(c.geoErrorKm()).isEqualTo(100);
    assertThat(c.rule("impossible-travel").enabled()).isFalse();
    assertThat(c.rule("session-replay").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.rule("session-replay").enabled()).isTrue();
  }

  @Test
  void errors_nameFileLineAndKey() {
    assertError("admin_egress_cidrs:\n  - 10.0.0.0/8\n  - 10.0.0.0/33\n",
        "c.yaml: line 3: admin_egress_cidrs[1]: \"10.0.0.0/33\" is not a CIDR");
    assertError("session_lifetime: 12h\nadmin_egres_cidrs: []\n", "c.yaml: line 2: admin_egres_cidrs: unknown key");
    assertError("travel:\n  max_speed_kmh: fast\n", "c.yaml: line 2: travel.max_speed_kmh: \"fast\" is not a non-negative number");
    assertError("session_lifetime: soon\n",
        "c.yaml: line 1: session_lifetime: \"soon\" is not a duration (like 90s, 30m, 12h, 30d or PT12H)");
    assertError("rules:\n  session-replay:\n    severity: urgent\n",
        "c.yaml: line 3: rules.session-replay.severity: \"urgent\" is not one of low, medium, high, critical");
    assertError("rules:\n  no-such-rule: {enabled: true}\n", "c.yaml: line 2: rules.no-such-rule: unknown rule");
    assertError("trusted_asns: [12x]\n", "c.yaml: line 1: trusted_asns[0]: \"12x\" is not an AS number");
    assertError("privileged_groups: Admins\n", "c.yaml: line 1: privileged_groups: must be a list");
    assertError("a: [\n", "c.yaml: line ");
  }

  @Test
  void builder_rejectsBadCidrs() {
    assertThatThrownBy(() -> DetectConfig.defaultsBuilder().adminEgressCidrs(List.of("300.1.1.1/8")))
        .isInstanceOf(DetectException.class).hasMessageContaining("admin_egress_cidrs[0]");
  }

  private static void assertError(String yaml, String messageStart) {
    assertThatThrownBy(() -> DetectConfig.parse(yaml, "c.yaml"))
        .isInstanceOf(DetectException.class)
        .hasMessageStartingWith(messageStart);
  }
}
