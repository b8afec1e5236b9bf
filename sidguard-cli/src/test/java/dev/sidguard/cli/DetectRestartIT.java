package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 and restart of the real jar: the output after any number of kills equals the output of
 * one uninterrupted run, byte for byte, with no duplicate alert id.
 */
class DetectRestartIT {
  private static final int EVENTS = 300_000;
  @TempDir Path dir;

  @Test
  void killedRepeatedlyAndRestarted_emitsExactlyTheAlertsOfAnUninterruptedRun() throws Exception {
    Path events = dir.resolve("events.ndjson");
    int attacks = OktaLogFixture.write(events, EVENTS, 42);
    assertThat(attacks).isGreaterThan(10);
    Path config = Files.writeString(dir.resolve("c.yaml"), "admin_egress_cidrs: [203.0.113.0/24]\n");

    Path reference = dir.resolve("reference.jsonl");
    Process whole = start(config, events, reference, dir.resolve("state-ref"));
    assertThat(whole.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(whole.exitValue()).isEqualTo(1);
    List<String> expected = Files.readAllLines(reference);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(attacks);

    Path out = dir.resolve("alerts.jsonl");
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    int kills = 0;
    for (int round = 1; round <= 3; round++) {
      try (WatchService watch = FileSystems.getDefault().newWatchService()) {
        state.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Process p = start(config, events, out, state);
        boolean checkpointed = awaitCheckpoints(watch, round, p);
        if (checkpointed && p.isAlive()) {
          p.destroyForcibly();
          p.waitFor(60, TimeUnit.SECONDS);
          kills++;
        } else {
          p.waitFor(300, TimeUnit.SECONDS);
        }
      }
    }
    assertThat(kills).as("runs killed mid-way").isGreaterThanOrEqualTo(2);
    Process last = start(config, events, out, state);
    assertThat(last.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String err = new String(Files.readAllBytes(dir.resolve("stderr.txt")));
    assertThat(last.exitValue()).as(err).isEqualTo(1);
    assertThat(err).contains("resumed from checkpoint");

    List<String> actual = Files.readAllLines(out);
    List<String> ids = actual.stream().map(l -> l.substring(7, l.indexOf('"', 7))).toList();
    assertThat(new HashSet<>(ids)).as("duplicate alert ids").hasSize(ids.size());
    assertThat(actual).isEqualTo(expected);
  }

  /** Waits until the checkpoint has been replaced {@code count} times, or the process ends. */
  private static boolean awaitCheckpoints(WatchService watch, int count, Process p) throws InterruptedException {
    int seen = 0;
    while (seen < count) {
      WatchKey key;
      try {
        key = watch.poll(100, TimeUnit.MILLISECONDS);
      } catch (ClosedWatchServiceException e) {
        return false;
      }
      if (key == null) {
        if (!p.isAlive()) {
          return false;
        }
        continue;
      }
      for (WatchEvent<?> e : key.pollEvents()) {
        if (e.context() instanceof Path path && path.toString().equals("checkpoint.json")) {
          seen++;
        }
      }
      key.reset();
    }
    return true;
  }

  private Process start(Path config, Path events, Path out, Path state) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-jar", System.getProperty("sidguard.jar"), "detect", "--config", config.toString(),
        "--state", state.toString(), "--checkpoint-every", "20000", "-o", out.toString(), events.toString()));
    return new ProcessBuilder(cmd)
        .redirectError(dir.resolve("stderr.txt").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
