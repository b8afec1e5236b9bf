package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class SanitizeCommandTest {

  private static final String SECRET_COOKIE = "FAKEsessionValue0123456789abcdef";
  private static final String HAR = """
      {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[
        {"startedDateTime":"2023-09-28T10:00:00.000Z","time":1,
         "request":{"method":"GET","url":"https://acme.okta.com/app/UserHome","httpVersion":"HTTP/1.1",
           "headers":[{"name":"Cookie","value":"sid=%s; theme=dark"},{"name":"X-Okta-Request-Id","value":"req-123"}],
           "queryString":[],"cookies":[{"name":"sid","value":"%s"}],"headersSize":-1,"bodySize":0},
         "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
           "content":{"size":2,"mimeType":"text/plain","text":"ok"},"redirectURL":"","headersSize":-1,"bodySize":2},
         "cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}
      """.formatted(SECRET_COOKIE, SECRET_COOKIE);

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Sidguard.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void sanitize_withoutOutput_writesSanitizedFileBesideInput() throws IOException {
    Path in = write("case.har", HAR);

    int code = run("sanitize", in.toString());

    Path expected = dir.resolve("case.sanitized.har");
    assertThat(code).isZero();
    assertThat(expected).exists();
    String result = Files.readString(expected);
    assertThat(result.contains(SECRET_COOKIE)).as("secret cookie survived").isFalse();
    assertThat(result).contains("req-123", "https://acme.okta.com/app/UserHome", "\"sid\"");
    assertThat(Files.readString(in)).isEqualTo(HAR);
    assertThat(err.toString()).contains("sanitized", "case.har");
  }

  @Test
  void sanitize_existingOutput_refusesWithoutForce() throws IOException {
    Path in = write("case.har", HAR);
    Path existing = write("out.har", "keep me");

    int refused = run("sanitize", in.toString(), "-o", existing.toString());

    assertThat(refused).isEqualTo(2);
    assertThat(Files.readString(existing)).isEqualTo("keep me");
    assertThat(err.toString()).contains("out.har").contains("--force");
    assertThat(run("sanitize", in.toString(), "-o", existing.toString(), "--force")).isZero();
    assertThat(Files.readString(existing)).contains("\"entries\"");
  }

  @Test
  void sanitize_outputSameAsInput_isRefused() throws IOException {
    Path in = write("case.har", HAR);

    assertThat(run("sanitize", in.toString(), "-o", in.toString(), "--force")).isEqualTo(2);
    assertThat(Files.readString(in)).isEqualTo(HAR);
  }

  @Test
  void sanitize_report_countsKindsWithoutValues() throws IOException {
    Path in = write("case.har", HAR);
    Path report = dir.resolve("report.json");

    assertThat(run("sanitize", in.toString(), "--report", report.toString())).isZero();

    String text = Files.readString(report);
    JsonNode counts = new ObjectMapper().readTree(text);
    assertThat(counts.isObject()).isTrue();
    assertThat(text.contains(SECRET_COOKIE)).as("report leaks the secret").isFalse();
    assertThat(text).contains("cookie");
  }

  @Test
  void sanitize_missingInput_exitsTwoNamingTheFile() {
    Path missing = dir.resolve("nope.har");

    assertThat(run("sanitize", missing.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope.har").hasLineCount(1);
  }

  @Test
  void sanitize_unknownPolicy_exitsTwo() throws IOException {
    Path in = write("case.har", HAR);

    assertThat(run("sanitize", in.toString(), "--policy", "no-such-policy")).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-policy").hasLineCount(1);
    assertThat(dir.resolve("case.sanitized.har")).doesNotExist();
  }

  @Test
  void sanitize_invalidPolicyFile_exitsTwoNamingKeyAndLine() throws IOException {
    Path in = write("case.har", HAR);
    Path policy = write("policy.yaml", "extends: default\nnot_a_key: [1, 2]\n");

    assertThat(run("sanitize", in.toString(), "--policy", policy.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("policy.yaml", "not_a_key", "line 2").hasLineCount(1);
  }

  static Stream<Arguments> malformed() {
    byte[] invalidUtf8 = "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"comment\":\"\u00e9\"}]}}"
        .getBytes(StandardCharsets.ISO_8859_1);
    return Stream.of(
        Arguments.of("truncated", HAR.substring(0, HAR.length() / 2).getBytes(StandardCharsets.UTF_8)),
        Arguments.of("not JSON", "<html>not a har</html>".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("JSON but not a HAR", "{\"hello\":[1,2,3]}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("entries not an array", "{\"log\":{\"version\":\"1.2\",\"entries\":{}}}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("nesting 100,000 deep", ("{\"log\":{\"entries\":[" + "[".repeat(100_000))
            .getBytes(StandardCharsets.UTF_8)),
        Arguments.of("invalid UTF-8", invalidUtf8),
        Arguments.of("empty", new byte[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void sanitize_malformedInput_exitsTwoWithOneLinePositionAndNoOutput(String what, byte[] content) throws IOException {
    Path in = Files.write(dir.resolve("bad.har"), content);

    int code = run("sanitize", in.toString());

    assertThat(code).isEqualTo(2);
    String message = err.toString();
    assertThat(message).as(what).hasLineCount(1).contains("bad.har").containsPattern("line \\d+|byte \\d+|offset \\d+");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.har");
    }
  }
}
