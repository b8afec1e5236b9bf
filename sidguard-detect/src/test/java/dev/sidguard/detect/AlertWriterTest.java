package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertWriterTest {
  private static final DetectConfig CONFIG = DetectConfig.parse("admin_egress_cidrs: [203.0.113.0/24]\n", "t.yaml");
  private static final List<Alert> CHAIN = Runs.run(CONFIG, Watchlist.empty(), Runs.resource("chain-2023.ndjson"));
  private static final List<RuleInfo> RULES =
      new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), a -> { }).rules();

  @Test
  void jsonl_hasTheProductSchemaInOrder() throws Exception {
    Alert critical = CHAIN.get(CHAIN.size() - 1);
    byte[] line = new AlertWriter(AlertFormat.JSONL, RULES, "0.1.0").line(critical);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    JsonNode n = Engine.MAPPER.readTree(line);
    assertThat(n.fieldNames()).toIterable().containsExactly(
        "id", "rule", "severity", "time", "user", "session", "summary", "events", "evidence", "attack", "escalates");
    assertThat(n.path("severity").asText()).isEqualTo("critical");
    assertThat(n.path("time").asText()).isEqualTo("2023-10-18T13:05:00Z");
    assertThat(new String(line, StandardCharsets.UTF_8).indexOf('\n')).isEqualTo(line.length - 1);
  }

  @Test
  void ocsf_isADetectionFindingWithAttacksAndEvidence() throws Exception {
    Alert replay = CHAIN.get(0);
    JsonNode n = Engine.MAPPER.readTree(new AlertWriter(AlertFormat.OCSF, RULES, "0.1.0").line(replay));
    assertThat(n.path("class_uid").asInt()).isEqualTo(2004);
    assertThat(n.path("category_uid").asInt()).isEqualTo(2);
    assertThat(n.path("activity_id").asInt()).isEqualTo(1);
    assertThat(n.path("type_uid").asInt()).isEqualTo(200401);
    assertThat(n.path("severity_id").asInt()).isEqualTo(4);
    assertThat(n.path("time").asLong()).isEqualTo(replay.time().toEpochMilli());
    assertThat(n.path("finding_info").path("uid").asText()).isEqualTo(replay.id());
    assertThat(n.path("finding_info").path("title").asText()).isEqualTo("Session replayed from a new network and device");
    assertThat(n.path("finding_info").path("types").get(0).asText()).isEqualTo("session-replay");
    assertThat(n.path("metadata").path("product").path("vendor_name").asText()).isEqualTo("sidguard");
    assertThat(n.path("metadata").path("version").asText()).startsWith("1.");
    assertThat(n.path("attacks").get(0).path("technique").path("uid").asText()).isEqualTo("T1550.004");
    assertThat(n.path("attacks").get(0).path("technique").path("name").asText()).contains("Web Session Cookie");
    assertThat(n.path("attacks").get(0).path("tactic").path("uid").asText()).startsWith("TA");
    assertThat(n.path("evidences").get(0).path("data").path("changed").isArray()).isTrue();
    assertThat(n.path("observables").findValuesAsText("value")).contains("alice.admin@example.com", "167.99.36.12");
  }
}
