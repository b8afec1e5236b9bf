package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private String out;
  private String err;

  @Test
  void simulate_withLabels_writesEventsLabelsConfigWatchlistAndHar() throws IOException {
    Path events = dir.resolve("events.ndjson");
    Path labels = dir.resolve("labels.json");
    assertThat(run("simulate", "-o", events.toString(), "--labels", labels.toString(), "--users", "80", "--days", "3",
        "--seed", "4")).isEqualTo(0);
    long lines = Files.lines(events).count();
    JsonNode l = JSON.readTree(labels.toFile());
    assertThat(l.path("events").asLong()).isEqualTo(lines);
    assertThat(l.path("attacks").size()).isEqualTo(6);
    assertThat(Files.readString(dir.resolve("labels.config.yaml"))).contains("admin_egress_cidrs: [203.0.113.0/26");
    String har = l.path("exposure").path("har").asText();
    assertThat(JSON.readTree(dir.resolve(har).toFile()).path("log").path("entries").size()).isGreaterThan(3);
    assertThat(Files.readAllLines(dir.resolve("labels.watchlist.jsonl"))).singleElement()
        .satisfies(w -> assertThat(w).contains("\"har\":\"" + har + "\""));
    assertThat(err).startsWith("simulate: " + lines + " events, ").contains("6 attacks", "HAR -> ");
  }

  @Test
  void simulate_configAndWatchlist_areAcceptedByDetect() throws IOException {
    Path events = dir.resolve("e.ndjson");
    Path labels = dir.resolve("l.json");
    run("simulate", "-o", events.toString(), "--labels", labels.toString(), "--users", "80", "--days", "3");
    int code = run("detect", "--config", dir.resolve("l.config.yaml").toString(), "--watchlist",
        dir.resolve("l.watchlist.jsonl").toString(), events.toString());
    assertThat(code).isEqualTo(1);
    List<String> rules = new ArrayList<>();
    for (String line : out.split("\n")) {
      rules.add(JSON.readTree(line).path("rule").asText());
    }
    assertThat(rules).contains("exposed-session-used", "session-replay", "token-without-mfa", "impossible-travel");
  }

  @Test
  void simulate_sameSeed_sameBytes() throws IOException {
    Path a = dir.resolve("a.ndjson");
    Path b = dir.resolve("b.ndjson");
    run("simulate", "-o", a.toString(), "--users", "40", "--days", "2", "--seed", "9");
    run("simulate", "-o", b.toString(), "--users", "40", "--days", "2", "--seed", "9");
    assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
  }

  @Test
  void simulate_scenarioNone_isBenignOnly() throws IOException {
    Path labels = dir.resolve("l.json");
    assertThat(run("simulate", "-o", dir.resolve("e.ndjson").toString(), "--labels", labels.toString(), "--users",
        "30", "--days", "1", "--scenario", "none")).isEqualTo(0);
    assertThat(JSON.readTree(labels.toFile()).path("attacks").size()).isZero();
    assertThat(Files.exists(dir.resolve("l.watchlist.jsonl"))).isFalse();
  }

  @Test
  void simulate_unknownScenario_exitTwoListingTheKnownOnes() {
    assertThat(run("simulate", "-o", dir.resolve("e.ndjson").toString(), "--scenario", "har-replay-2023,bogus"))
        .isEqualTo(2);
    assertThat(err.strip()).startsWith("simulate: unknown scenario 'bogus'; known: har-replay-2023, ");
    assertThat(Files.exists(dir.resolve("e.ndjson"))).isFalse();
  }

  @Test
  void simulate_existingOutput_refusedWithoutForce() throws IOException {
    Path events = Files.writeString(dir.resolve("e.ndjson"), "keep me\n");
    assertThat(run("simulate", "-o", events.toString(), "--users", "20", "--days", "1", "--scenario", "none"))
        .isEqualTo(2);
    assertThat(err.strip()).isEqualTo("simulate: " + events + ": already exists (use --force to overwrite)");
    assertThat(Files.readString(events)).isEqualTo("keep me\n");
    assertThat(run("simulate", "-o", events.toString(), "--users", "20", "--days", "1", "--scenario", "none",
        "--force")).isEqualTo(0);
    assertThat(Files.readString(events)).startsWith("{\"uuid\":");
  }

  @Test
  void simulate_badStart_isAUsageError() {
    assertThat(run("simulate", "-o", dir.resolve("e.ndjson").toString(), "--start", "yesterday")).isEqualTo(2);
    assertThat(err).contains("--start must be a date like 2023-10-02, not 'yesterday'");
  }

  private int run(String... args) {
    InProcess r = InProcess.run(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

}
