package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectRunTest {
  private static final DetectConfig CONFIG = DetectConfig.parse("admin_egress_cidrs: [203.0.113.0/24]\n", "t.yaml");
  @TempDir Path dir;

  private Path chain() throws Exception {
    Path p = dir.resolve("chain.ndjson");
    try (InputStream in = DetectRunTest.class.getResourceAsStream("chain-2023.ndjson")) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void outputWrittenAfterTheLastCheckpoint_isTruncatedAndRewrittenIdentically() throws Exception {
    Path in = chain();
    Path out = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    DetectRun.Summary s = run(in, out, state);
    assertThat(s.alerts()).isEqualTo(4);
    byte[] expected = Files.readAllBytes(out);
    Files.write(out, "{\"partial\":".getBytes(), StandardOpenOption.APPEND);
    DetectRun.Summary again = run(in, out, state);
    assertThat(again.resumed()).isTrue();
    assertThat(again.alerts()).isEqualTo(4);
    assertThat(Files.readAllBytes(out)).isEqualTo(expected);
  }

  @Test
  void withoutState_outputIsReplacedAtomicallyAndNoTempFileRemains() throws Exception {
    Path in = chain();
    Path out = dir.resolve("alerts.jsonl");
    Files.writeString(out, "old\n");
    run(in, out, null);
    assertThat(Files.readString(out)).doesNotContain("old").contains("session-replay");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void outputShorterThanTheCheckpoint_isAnError() throws Exception {
    Path in = chain();
    Path out = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    run(in, out, state);
    Files.writeString(out, "");
    assertThatThrownBy(() -> run(in, out, state)).isInstanceOf(DetectException.class)
        .hasMessageContaining("shorter");
  }

  @Test
  void newInputWithOldState_keepsDedup_soALiveIncidentIsNotReportedTwice() throws Exception {
    Path in = chain();
    Path state = dir.resolve("state");
    run(in, dir.resolve("alerts.jsonl"), state);
    Path nextDay = dir.resolve("next.ndjson");
    Files.writeString(nextDay, Files.readString(in) + "\n");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    DetectRun.Summary s = DetectRun.builder().inputs(List.of(nextDay.toString())).config(CONFIG).stateDir(state)
        .stdout(stdout).build().run();
    assertThat(s.resumed()).as("a different input is read from its start").isFalse();
    assertThat(s.events()).isEqualTo(16);
    assertThat(stdout.size()).isZero();
  }

  private DetectRun.Summary run(Path in, Path out, Path state) {
    return DetectRun.builder().inputs(List.of(in.toString())).config(CONFIG).output(out).stateDir(state)
        .checkpointEvery(2).build().run();
  }
}
