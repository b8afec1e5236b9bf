package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.har.PlantedHar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar's scan as users do: real process, environment, exit codes and stderr. */
class ScanIT {

  @TempDir Path dir;

  private record Result(int code, String stdout, String stderr) {}

  private Result sidguard(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("sidguard.jar")));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("sidguard finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private List<String> fingerprints(Result r) throws IOException {
    List<String> fps = new ArrayList<>();
    for (JsonNode f : new ObjectMapper().readTree(r.stdout()).path("findings")) {
      fps.add(f.path("fingerprint").asText());
    }
    return fps;
  }

  @Test
  void scan_fingerprintKeyFromEnvironment_isStableAcrossRuns_randomKeyIsNot() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("cases"));
    Files.write(cases.resolve("planted.har"), PlantedHar.bytes());
    Map<String, String> env = Map.of("SIDGUARD_FP_KEY", "FAKE-test-key-0123456789abcdef");

    Result a = sidguard(env, "scan", "cases", "--format", "json", "--fingerprint-key-env", "SIDGUARD_FP_KEY");
    Result b = sidguard(env, "scan", "cases", "--format", "json", "--fingerprint-key-env", "SIDGUARD_FP_KEY");
    Result c = sidguard(Map.of(), "scan", "cases", "--format", "json");

    assertThat(a.code()).as(a.stderr()).isEqualTo(1);
    assertThat(fingerprints(a)).isNotEmpty().isEqualTo(fingerprints(b));
    assertThat(fingerprints(c)).hasSameSizeAs(fingerprints(a)).doesNotContainAnyElementsOf(fingerprints(a));
    assertThat(a.stderr()).as("no progress bar when stderr is not a terminal").isEmpty();
  }

  @Test
  void scan_stdin_andExitCodes() throws Exception {
    Path har = Files.write(dir.resolve("planted.har"), PlantedHar.bytes());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("sidguard.jar"), "scan", "-", "--fail-on", "any")
        .redirectInput(har.toFile()).redirectOutput(dir.resolve("o.txt").toFile()).redirectError(dir.resolve("e.txt").toFile());
    Process p = builder.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("o.txt"))).startsWith("<stdin>: UNSAFE: 2 live credentials");
    assertThat(sidguard(Map.of(), "scan", "missing.har").code()).isEqualTo(2);
  }
}
