package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path events;
  private static Path labels;
  private String out;
  private String err;

  @BeforeAll
  static void simulate() {
    events = dir.resolve("events.ndjson");
    labels = dir.resolve("labels.json");
    int code = InProcess.run("simulate", "-o", events.toString(), "--labels", labels.toString(),
        "--users", "150", "--days", "4", "--seed", "3").code();
    assertThat(code).isEqualTo(0);
  }

  @Test
  void evaluate_text_everyAttackDetectedExitZero() {
    assertThat(run("evaluate", "--events", events.toString(), "--labels", labels.toString())).isEqualTo(0);
    assertThat(out).contains("session-replay", "overall", "precision", "recall", "alerts per 10k benign sessions",
        "har-replay-2023-1", "detected");
    assertThat(out).doesNotContain("MISSED");
  }

  @Test
  void evaluate_json_hasOverallPerRuleAndPerAttack() throws IOException {
    assertThat(run("evaluate", "--events", events.toString(), "--labels", labels.toString(), "--format", "json"))
        .isEqualTo(0);
    JsonNode r = JSON.readTree(out);
    assertThat(r.path("overall").path("recall").asDouble()).isEqualTo(1.0);
    assertThat(r.path("overall").path("missed_attacks").size()).isZero();
    assertThat(r.path("rules").size()).isEqualTo(7);
    assertThat(r.path("attacks").size()).isEqualTo(6);
    assertThat(r.path("benign_sessions").asLong()).isPositive();
  }

  @Test
  void evaluate_missedAttack_exitOne() throws IOException {
    ObjectNode l = (ObjectNode) JSON.readTree(labels.toFile());
    ObjectNode phantom = ((ArrayNode) l.path("attacks")).addObject();
    phantom.put("id", "phantom-7");
    phantom.put("scenario", "token-without-mfa");
    phantom.putArray("users").add("nobody@acme.example");
    phantom.putArray("sessions").add("102NoSuchSessionAnywhere00");
    phantom.putArray("malicious_events").add("00000000-0000-1000-8000-000000000000");
    phantom.putObject("window").put("start", "2023-10-03T00:00:00Z").put("end", "2023-10-03T01:00:00Z");
    phantom.putArray("expected_rules").add("token-without-mfa");
    Path edited = dir.resolve("edited.json");
    JSON.writeValue(edited.toFile(), l);
    assertThat(run("evaluate", "--events", events.toString(), "--labels", edited.toString())).isEqualTo(1);
    assertThat(out).contains("phantom-7", "MISSED");
  }

  @Test
  void evaluate_otherConfig_isUsed() throws IOException {
    Path noEgress = Files.writeString(dir.resolve("defaults.yaml"), "rules:\n  session-replay: {enabled: false}\n");
    run("evaluate", "--events", events.toString(), "--labels", labels.toString(), "--config", noEgress.toString(),
        "--format", "json");
    JsonNode r = JSON.readTree(out);
    assertThat(r.path("rules").findValuesAsText("rule")).doesNotContain("session-replay");
  }

  @Test
  void evaluate_missingEvents_exitTwoWithOneLine() {
    Path none = dir.resolve("nope.ndjson");
    assertThat(run("evaluate", "--events", none.toString(), "--labels", labels.toString())).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("evaluate: " + none + ": no such file");
  }

  @Test
  void evaluate_notLabels_exitTwoNamingTheFile() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"attacks\": [}");
    assertThat(run("evaluate", "--events", events.toString(), "--labels", bad.toString())).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("evaluate: " + bad + ": not JSON (line 1, column 14)");
  }

  @Test
  void evaluate_badFormat_isAUsageError() {
    assertThat(run("evaluate", "--events", events.toString(), "--labels", labels.toString(), "--format", "xml"))
        .isEqualTo(2);
    assertThat(err).contains("--format must be text or json, not 'xml'");
  }

  private int run(String... args) {
    InProcess r = InProcess.run(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

}
