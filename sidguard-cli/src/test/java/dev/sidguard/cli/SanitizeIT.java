package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sidguard.har.SyntheticHar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar as users do: a real process, real exit codes, a real heap limit. */
class SanitizeIT {

  @TempDir Path dir;

  private record Result(int code, String stdout, String stderr) {}

  private Result sidguard(List<String> jvm, Path stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-jar");
    command.add(System.getProperty("sidguard.jar"));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("sidguard finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void sanitize_oneGigabyteHar_runsInA256MegabyteHeap() throws Exception {
    Path big = dir.resolve("big.har");
    long entries = SyntheticHar.write(big, 1L << 30, 7);
    Path clean = dir.resolve("big.clean.har");

    Result result = sidguard(List.of("-Xmx256m"), null, "sanitize", big.toString(), "-o", clean.toString());

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(countEntries(clean)).isEqualTo(entries);
  }

  @Test
  void sanitize_dashMeansStdinAndStdout() throws Exception {
    Path in = dir.resolve("in.har");
    SyntheticHar.write(in, 200_000, 3);

    Result result = sidguard(List.of(), in, "sanitize", "-", "-o", "-");

    assertThat(result.code()).as(result.stderr()).isZero();
    assertThat(result.stdout()).startsWith("{").contains("\"entries\"", "REDACTED-");
    assertThat(result.stderr()).contains("<stdin>").doesNotContain("REDACTED-");
  }

  @Test
  void sanitize_truncatedFile_exitsTwoLeavingNoOutput() throws Exception {
    Path in = dir.resolve("cut.har");
    SyntheticHar.write(in, 100_000, 5);
    byte[] whole = Files.readAllBytes(in);
    Files.write(in, java.util.Arrays.copyOf(whole, whole.length - 5000));

    Result result = sidguard(List.of(), null, "sanitize", in.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.stderr().strip()).contains("cut.har").doesNotContain("\n");
    assertThat(dir.resolve("cut.sanitized.har")).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
  }

  private static long countEntries(Path har) throws IOException {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
        .build();
    long entries = 0;
    try (JsonParser p = factory.createParser(har.toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "entries".equals(p.currentName())
            && p.getParsingContext().getParent().getParent() != null
            && p.getParsingContext().getParent().getParent().inRoot()) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            p.skipChildren();
            entries++;
          }
        }
      }
    }
    return entries;
  }
}
