package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run as a user runs it: the packaged jar in an empty folder. */
class DemoIT {

  @TempDir Path dir;

  @Test
  void demo_tellsTheStoryAndLeavesEveryArtefact() throws Exception {
    Path out = dir.resolve("stdout.txt");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("sidguard.jar"), "demo"))
        .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("demo finished within two minutes").isTrue();

    String story = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(story + Files.readString(dir.resolve("stderr.txt"))).isZero();
    assertThat(story).contains("UNSAFE", "SAFE", "The replay was flagged", "exposed-session-used", "21 days")
        .doesNotContain("MISSED");
    Path demo = dir.resolve("sidguard-demo");
    assertThat(demo.resolve("alerts.jsonl")).isNotEmptyFile();
    assertThat(demo.resolve("exposed-sessions.jsonl")).isNotEmptyFile();
    assertThat(demo.resolve("events.ndjson")).isNotEmptyFile();
    try (var files = Files.list(demo)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.endsWith(".sanitized.har"))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
