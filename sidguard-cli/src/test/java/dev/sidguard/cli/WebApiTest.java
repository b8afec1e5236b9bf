package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.har.PlantedHar;
import dev.sidguard.har.SyntheticHar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page and /api/* of {@code sidguard serve} over real HTTP on 127.0.0.1. */
class WebApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "alice.tester@example.com";
  @TempDir static Path uploads;
  private static ServeClient serve;

  @BeforeAll
  static void start() {
    serve = ServeClient.start(uploads, "--max-upload", "256KiB");
  }

  @AfterAll
  static void stop() {
    serve.close();
  }

  @Test
  void page_servedFromTheJarWithStrictContentSecurityPolicy() {
    HttpResponse<String> page = serve.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<label for=\"har\">").contains("<label for=\"policy\">")
        .contains("src=\"/app.js\"").doesNotContain("http://").doesNotContain("https://");
    for (String path : List.of("/", "/app.js", "/style.css")) {
      HttpResponse<String> r = serve.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue("default-src 'self';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
    assertThat(serve.get("/app.js").body()).contains("/api/sanitize").contains("/api/scan");
  }

  @Test
  void apiSanitize_plantedSecrets_returnsValidHarWithoutAnyOfThem() throws IOException {
    HttpResponse<byte[]> r = serve.postBytes("/api/sanitize", BodyPublishers.ofByteArray(PlantedHar.bytes()));
    assertThat(r.statusCode()).isEqualTo(200);
    String har = new String(r.body(), StandardCharsets.UTF_8);
    JsonNode root = JSON.readTree(har);
    assertThat(root.path("log").path("entries").isArray()).isTrue();
    for (String secret : PlantedHar.secrets()) {
      assertThat(har.contains(secret)).as("a planted secret survived sanitizing").isFalse();
    }
    assertThat(Long.parseLong(r.headers().firstValue("X-Sidguard-Redactions").orElseThrow()))
        .isGreaterThanOrEqualTo(PlantedHar.cases().size());
    String probe = "no-such-endpoint-" + System.nanoTime();
    assertThat(serve.postBytes("/api/" + probe, BodyPublishers.ofString("{}")).statusCode()).isEqualTo(404);
    String metrics = serve.get("/metrics").body();
    assertThat(metrics).contains("sidguard_web_requests_total{endpoint=\"sanitize\",status=\"200\"}");
    assertThat(metrics).as("a request's path never becomes a label").doesNotContain(probe);
    awaitNoTempFiles();
  }

  @Test
  void apiScan_plantedSecrets_reportsEveryLocationAndNoValue() throws IOException {
    HttpResponse<byte[]> r = serve.postBytes("/api/scan?policy=default", BodyPublishers.ofByteArray(PlantedHar.bytes()));
    assertThat(r.statusCode()).isEqualTo(200);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    JsonNode report = JSON.readTree(body);
    assertThat(report.path("files").get(0).path("verdict").asText()).isIn("UNSAFE", "REVIEW");
    List<String> locations = report.path("findings").findValuesAsText("location");
    for (PlantedHar.Case c : PlantedHar.cases()) {
      assertThat(locations).as("finding for %s", c.location()).anyMatch(l -> l.startsWith(c.location()));
    }
    for (String secret : PlantedHar.secrets()) {
      assertThat(body.contains(secret)).as("a planted secret is in the scan report").isFalse();
    }
  }

  @Test
  void apiSanitize_strictPolicy_alsoRemovesEmailsDefaultKeepsThem() {
    String har = "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"t\",\"version\":\"1\"},\"entries\":[{"
        + "\"startedDateTime\":\"2023-10-02T14:00:00.000Z\",\"time\":1,\"request\":{\"method\":\"POST\","
        + "\"url\":\"https://acme.okta.com/api/v1/authn\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[],"
        + "\"queryString\":[],\"cookies\":[],\"headersSize\":-1,\"bodySize\":-1,\"postData\":{\"mimeType\":"
        + "\"application/json\",\"text\":\"{\\\"email\\\":\\\"" + EMAIL + "\\\"}\"}},\"response\":{\"status\":200,"
        + "\"statusText\":\"OK\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[],\"cookies\":[],\"content\":{\"size\":0,"
        + "\"mimeType\":\"text/plain\"},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":-1},\"cache\":{},"
        + "\"timings\":{\"send\":0,\"wait\":1,\"receive\":0}}]}}";
    String byDefault = new String(serve.postBytes("/api/sanitize", BodyPublishers.ofString(har)).body(),
        StandardCharsets.UTF_8);
    String strict = new String(serve.postBytes("/api/sanitize?policy=strict", BodyPublishers.ofString(har)).body(),
        StandardCharsets.UTF_8);
    assertThat(byDefault).contains(EMAIL);
    assertThat(strict).doesNotContain(EMAIL).contains("REDACTED-");
  }

  @Test
  void api_malformedHar_400NamingThePositionAndNoTempFileLeft() throws IOException {
    byte[] planted = PlantedHar.bytes();
    byte[] truncated = Arrays.copyOf(planted, planted.length / 2);
    for (String path : List.of("/api/sanitize", "/api/scan")) {
      HttpResponse<byte[]> r = serve.postBytes(path, BodyPublishers.ofByteArray(truncated));
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      String error = JSON.readTree(r.body()).path("error").asText();
      assertThat(error).as(path).startsWith("upload.har: line ").contains("column").doesNotContain("\n");
      for (String secret : PlantedHar.secrets()) {
        assertThat(error.contains(secret)).as("a secret in the error message").isFalse();
      }
      HttpResponse<byte[]> notHar = serve.postBytes(path, BodyPublishers.ofString("{\"hello\":[1,2,3]}"));
      assertThat(notHar.statusCode()).as(path).isEqualTo(400);
      assertThat(JSON.readTree(notHar.body()).path("error").asText()).contains("upload.har");
    }
    awaitNoTempFiles();
  }

  @Test
  void api_bodyOverTheLimit_413WithLengthAndWhenChunked() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    SyntheticHar.write(buffer, 300 * 1024, 7);
    byte[] big = buffer.toByteArray();
    for (String path : List.of("/api/sanitize", "/api/scan")) {
      HttpResponse<byte[]> declared = serve.postBytes(path, BodyPublishers.ofByteArray(big));
      assertThat(declared.statusCode()).as(path).isEqualTo(413);
      HttpResponse<byte[]> chunked = serve.postBytes(path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
      assertThat(chunked.statusCode()).as(path + " chunked").isEqualTo(413);
      assertThat(JSON.readTree(chunked.body()).path("error").asText()).contains("over the limit");
    }
  }

  @Test
  void api_unknownPolicy_400WithoutReadingAnyFile() throws IOException {
    HttpResponse<byte[]> r = serve.postBytes("/api/sanitize?policy=/etc/passwd", BodyPublishers.ofString("{}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("policy must be default or strict");
  }

  /** Waits until the server's temp directory is empty (a response may arrive just before its file is deleted). */
  private static void awaitNoTempFiles() {
    ServeClient.await("the web API's temp files to be deleted", () -> {
      try (Stream<Path> s = Files.list(uploads)) {
        return s.findAny().isEmpty();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
