package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path events;
  private Path config;
  private String out;
  private String err;

  @BeforeEach
  void fixture() throws IOException {
    events = dir.resolve("events.ndjson");
    OktaLogFixture.write(events, 30_000, 7);
    config = Files.writeString(dir.resolve("c.yaml"), "admin_egress_cidrs: [203.0.113.0/24]\n");
  }

  @Test
  void detect_replayedSessions_alertsOnStdoutSummaryOnStderrExitOne() throws IOException {
    int code = run("detect", "--config", config.toString(), events.toString());
    assertThat(code).isEqualTo(1);
    List<JsonNode> alerts = lines(out);
    assertThat(alerts).isNotEmpty();
    assertThat(alerts).extracting(a -> a.path("rule").asText())
        .contains("session-replay", "admin-console-new-network", "privileged-change-untrusted-network",
            "sensitive-change-in-suspicious-session");
    JsonNode first = alerts.get(0);
    assertThat(first.fieldNames()).toIterable()
        .contains("id", "rule", "severity", "time", "user", "session", "summary", "events", "evidence", "attack");
    assertThat(err).startsWith("detect: 30000 events;").contains(alerts.size() + " alerts");
  }

  @Test
  void detect_cleanInput_exitZero() throws IOException {
    Path clean = dir.resolve("clean.ndjson");
    List<String> kept = Files.readAllLines(events).stream().filter(l -> !l.contains("167.99.36.")).toList();
    Files.write(clean, kept);
    assertThat(run("detect", "--config", config.toString(), clean.toString())).isEqualTo(0);
    assertThat(out).isEmpty();
    assertThat(err).contains("0 alerts");
  }

  @Test
  void detect_malformedLines_reportedWithLineNumbersNeverContent() throws IOException {
    Path mixed = dir.resolve("mixed.ndjson");
    List<String> lines = new ArrayList<>(Files.readAllLines(events).subList(0, 100));
    lines.set(9, "{\"uuid\": \"FAKE-SECRET-TOKEN-abc123\", ");
    lines.set(49, "not json FAKE-SECRET-TOKEN-abc123");
    Files.write(mixed, lines);
    run("detect", mixed.toString());
    assertThat(err).contains("98 events, 2 malformed").contains(mixed + ": line 10: truncated JSON")
        .contains(mixed + ": line 50: invalid JSON at column");
    assertThat(err.contains("FAKE-SECRET")).as("stderr leaks line content").isFalse();
  }

  @Test
  void detect_missingFile_exitTwoWithOneLine() {
    assertThat(run("detect", dir.resolve("nope.ndjson").toString())).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("detect: " + dir.resolve("nope.ndjson") + ": no such file");
  }

  @Test
  void detect_badConfig_exitTwoNamingLineAndKey() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "# comment\nadmin_egress_cidrs:\n  - 10.0.0.0/8\n  - 10.0.0.0/33\n");
    assertThat(run("detect", "--config", bad.toString(), events.toString())).isEqualTo(2);
    assertThat(err.strip())
        .isEqualTo("detect: " + bad + ": line 4: admin_egress_cidrs[1]: \"10.0.0.0/33\" is not a CIDR");
  }

  @Test
  void detect_badFormat_isAUsageError() {
    assertThat(run("detect", "--format", "xml", events.toString())).isEqualTo(2);
    assertThat(err).contains("--format must be jsonl or ocsf");
  }

  @Test
  void detect_ocsf_writesDetectionFindings() throws IOException {
    assertThat(run("detect", "--format", "ocsf", "--config", config.toString(), events.toString())).isEqualTo(1);
    List<JsonNode> findings = lines(out);
    assertThat(findings).isNotEmpty().allSatisfy(f -> {
      assertThat(f.path("class_uid").asInt()).isEqualTo(2004);
      assertThat(f.path("category_uid").asInt()).isEqualTo(2);
      assertThat(f.path("severity_id").asInt()).isBetween(2, 5);
      assertThat(f.path("time").isNumber()).isTrue();
      assertThat(f.path("finding_info").path("uid").asText()).startsWith("sg-");
      assertThat(f.path("metadata").path("product").path("name").asText()).isEqualTo("sidguard");
      assertThat(f.path("attacks").get(0).path("technique").path("uid").asText()).startsWith("T");
    });
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.path("activity_id").asInt()).isEqualTo(2);
      assertThat(f.path("unmapped").path("escalates").asText()).startsWith("sg-");
    });
  }

  @Test
  void detect_outputFileAndState_rerunEmitsNoDuplicate() throws IOException {
    Path alerts = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    assertThat(run("detect", "--config", config.toString(), "--state", state.toString(), "--checkpoint-every", "1000",
        "-o", alerts.toString(), events.toString())).isEqualTo(1);
    byte[] first = Files.readAllBytes(alerts);
    assertThat(first).isNotEmpty();
    assertThat(Files.exists(state.resolve("checkpoint.json"))).isTrue();
    assertThat(run("detect", "--config", config.toString(), "--state", state.toString(), "-o", alerts.toString(),
        events.toString())).isEqualTo(1);
    assertThat(err).contains("resumed from checkpoint (input already complete)");
    assertThat(Files.readAllBytes(alerts)).isEqualTo(first);
  }

  @Test
  void detect_stdoutWithState_rerunPrintsNothingAgain() {
    Path state = dir.resolve("state");
    run("detect", "--config", config.toString(), "--state", state.toString(), events.toString());
    assertThat(out).isNotEmpty();
    run("detect", "--config", config.toString(), "--state", state.toString(), events.toString());
    assertThat(out).isEmpty();
  }

  @Test
  void detect_jsonArrayGzip_readsTheSameAlerts() throws IOException {
    run("detect", "--config", config.toString(), events.toString());
    String expected = out;
    Path gz = dir.resolve("events.json.gz");
    try (var w = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      w.write("[\n".getBytes(StandardCharsets.UTF_8));
      List<String> lines = Files.readAllLines(events);
      w.write(String.join(",\n", lines).getBytes(StandardCharsets.UTF_8));
      w.write("\n]\n".getBytes(StandardCharsets.UTF_8));
    }
    run("detect", "--config", config.toString(), gz.toString());
    assertThat(out).isEqualTo(expected);
  }

  private int run(String... args) {
    InProcess r = InProcess.run(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private static List<JsonNode> lines(String text) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }
}
