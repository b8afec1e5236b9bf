package dev.sidguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.detect.Watchlist;
import dev.sidguard.har.PlantedHar;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAFE_HAR = """
      {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[
        {"startedDateTime":"2023-09-28T10:00:00.000Z","time":1,
         "request":{"method":"GET","url":"https://example.com/app?page=2","httpVersion":"HTTP/1.1",
           "headers":[{"name":"Accept","value":"*/*"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
         "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
           "content":{"size":2,"mimeType":"text/plain","text":"ok"},"redirectURL":"","headersSize":-1,"bodySize":2},
         "cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}
      """;
  private static final String SESSION_ONLY_HAR = SAFE_HAR.replace("\"cookies\":[],\"headersSize\"",
      "\"cookies\":[{\"name\":\"sid\",\"value\":\"FAKEsessionOnly0aB1cD2\"}],\"headersSize\"");

  @TempDir Path dir;
  private StringWriter out;
  private StringWriter err;
  private Path planted;

  @BeforeEach
  void plant() throws IOException {
    planted = Files.write(dir.resolve("planted.har"), PlantedHar.bytes());
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    var cli = Sidguard.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static boolean containsAnySecret(String text) {
    for (String s : PlantedHar.secrets()) {
      if (text.contains(s)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void scan_at_judgesLivenessAsOfThatInstant() throws IOException {
    String sid = "102FAKEsessionIdForTheAtOption";
    Path har = Files.writeString(dir.resolve("at.har"), """
        {"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[
          {"startedDateTime":"2023-10-02T10:00:00.000Z","time":1,
           "request":{"method":"GET","url":"https://acme.okta.com/api/v1/sessions/me","httpVersion":"h2",
             "headers":[],"queryString":[],"cookies":[{"name":"sid","value":"%s"}],"headersSize":-1,"bodySize":0},
           "response":{"status":200,"statusText":"","httpVersion":"h2","headers":[],"cookies":[],
             "content":{"size":0,"mimeType":"application/json",
               "text":"{\\"id\\":\\"%s\\",\\"expiresAt\\":\\"2023-10-02T12:00:00.000Z\\"}"},
             "redirectURL":"","headersSize":-1,"bodySize":-1},
           "cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}
        """.formatted(sid, sid));

    assertThat(run("scan", har.toString(), "--at", "2023-10-02T11:00:00Z")).isEqualTo(1);
    assertThat(out.toString()).contains("UNSAFE");
    assertThat(run("scan", har.toString())).isZero();
    assertThat(out.toString()).contains("EXPIRED").doesNotContain(sid);
  }

  @Test
  void scan_plantedHar_textVerdictNamesAdminUser_exitsOne() {
    int code = run("scan", planted.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains(planted + ": UNSAFE: 2 live credentials in 2 requests, "
        + "admin session of alice@acme.example (acme.okta.com)");
    assertThat(out.toString()).contains("bearer-token", "live", "request.headers[authorization]", "more findings");
    assertThat(out.toString()).containsPattern("1 file: 1 UNSAFE; \\d+ findings \\(2 live, \\d+ unknown, \\d+ expired\\)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void scan_json_listsFilesFindingsAndSummary_withEntryAndLocation() throws IOException {
    assertThat(run("scan", planted.toString(), "--format", "json")).isEqualTo(1);

    JsonNode report = JSON.readTree(out.toString());
    JsonNode file = report.path("files").get(0);
    assertThat(file.path("file").asText()).isEqualTo(planted.toString());
    assertThat(file.path("verdict").asText()).isEqualTo("UNSAFE");
    assertThat(file.path("identities").get(0).path("user").asText()).isEqualTo("alice@acme.example");
    assertThat(file.path("identities").get(0).path("admin").asBoolean()).isTrue();
    List<PlantedHar.Case> cases = PlantedHar.cases();
    Set<String> found = new HashSet<>();
    for (JsonNode f : report.path("findings")) {
      assertThat(f.path("fingerprint").asText()).matches("[0-9a-f]{12}");
      assertThat(f.path("live").asText()).isIn("true", "false", "unknown");
      assertThat(f.path("file").asText()).isEqualTo(planted.toString());
      found.add(f.path("entry").asInt() + " " + f.path("location").asText() + " " + f.path("kind").asText());
    }
    for (int i = 0; i < cases.size(); i++) {
      assertThat(found).contains(i + " " + cases.get(i).location() + " " + cases.get(i).kind());
    }
    JsonNode summary = report.path("summary");
    assertThat(summary.path("files").asInt()).isEqualTo(1);
    assertThat(summary.path("live").asInt()).isEqualTo(2);
    assertThat(summary.path("findings").asInt()).isEqualTo(report.path("findings").size());
    assertThat(summary.path("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void scan_sarif_hasTheSarif210Structure() throws IOException {
    assertThat(run("scan", planted.toString(), "--format", "sarif")).isEqualTo(1);

    JsonNode sarif = JSON.readTree(out.toString());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
    JsonNode run = sarif.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("sidguard");
    List<String> ruleIds = new ArrayList<>();
    run.path("tool").path("driver").path("rules").forEach(r -> ruleIds.add(r.path("id").asText()));
    assertThat(ruleIds).contains("har/cookie", "har/bearer-token", "har/password").doesNotHaveDuplicates();
    JsonNode results = run.path("results");
    assertThat(results.size()).isGreaterThanOrEqualTo(PlantedHar.cases().size());
    Set<String> levels = new HashSet<>();
    for (JsonNode r : results) {
      assertThat(ruleIds).contains(r.path("ruleId").asText());
      assertThat(ruleIds.get(r.path("ruleIndex").asInt())).isEqualTo(r.path("ruleId").asText());
      levels.add(r.path("level").asText());
      assertThat(r.path("message").path("text").asText()).isNotBlank();
      JsonNode loc = r.path("locations").get(0);
      assertThat(loc.path("physicalLocation").path("artifactLocation").path("uri").asText()).endsWith("planted.har");
      assertThat(loc.path("logicalLocations").get(0).path("fullyQualifiedName").asText()).startsWith("log.entries[");
    }
    assertThat(levels).contains("error", "warning", "note").isSubsetOf("error", "warning", "note");
    assertThat(run.path("invocations").get(0).path("executionSuccessful").asBoolean()).isTrue();
  }

  @Test
  void scan_everyOutputFormat_containsNoPlantedSecretValue() throws IOException {
    Path watch = dir.resolve("w.jsonl");
    List<String> outputs = new ArrayList<>();
    for (String format : List.of("text", "json", "sarif")) {
      run("scan", planted.toString(), "--format", format, "--watchlist", watch.toString(), "--force");
      outputs.add(out.toString() + err.toString());
    }
    outputs.add(Files.readString(watch));

    assertThat(outputs).hasSize(4).allSatisfy(o -> assertThat(containsAnySecret(o)).as("a secret leaked").isFalse());
    assertThat(outputs.get(1)).contains("request.cookies[sid]");
  }

  @Test
  void scan_watchlist_isReadByDetect_holdsSessionsAndTokensButNoPasswords() throws Exception {
    Path watch = dir.resolve("exposed.jsonl");

    assertThat(run("scan", planted.toString(), "--watchlist", watch.toString())).isEqualTo(1);

    Watchlist w = Watchlist.load(watch);
    assertThat(w.entries()).isNotEmpty();
    Watchlist.Entry sid = w.entries().stream().filter(e -> "sid".equals(e.name())).findFirst().orElseThrow();
    assertThat(sid.sha256()).isEqualTo(sha256("FAKEsid0aB1cD2eF3gH4iJ5"));
    assertThat(sid.kind()).isEqualTo("okta-session-cookie");
    assertThat(sid.tenant()).isEqualTo("acme.okta.com");
    assertThat(sid.user()).isEqualTo("alice@acme.example");
    assertThat(sid.har()).isEqualTo(planted.toString());
    assertThat(sid.exposedFrom()).isEqualTo(java.time.Instant.parse("2023-10-02T10:00:00Z"));
    Set<String> hashes = new HashSet<>();
    w.entries().forEach(e -> hashes.add(e.sha256()));
    for (PlantedHar.Case c : PlantedHar.cases()) {
      if (List.of("password", "oauth-code", "secret", "basic-credentials", "private-key", "saml").contains(c.kind())) {
        assertThat(hashes.contains(sha256(c.secret()))).as("watchlist holds a %s", c.kind()).isFalse();
      }
    }
    assertThat(err.toString()).contains("wrote", "exposures", "exposed.jsonl");
  }

  @Test
  void scan_sanitizedPlantedHar_findsNothing_exitsZeroEvenOnAny() {
    Path clean = dir.resolve("clean.har");
    assertThat(run("sanitize", planted.toString(), "-o", clean.toString())).isZero();

    assertThat(run("scan", clean.toString(), "--fail-on", "any")).isZero();
    assertThat(out.toString()).contains(clean + ": SAFE: no credentials in");
  }

  @Test
  void scan_failOn_countsLiveOnlyForLive_everythingForAny_nothingForNever() throws IOException {
    Path review = Files.writeString(dir.resolve("review.har"), SESSION_ONLY_HAR);

    assertThat(run("scan", review.toString())).isZero();
    assertThat(out.toString()).contains("REVIEW: 1 credential of unknown validity in 1 request");
    assertThat(run("scan", review.toString(), "--fail-on", "any")).isEqualTo(1);
    assertThat(run("scan", planted.toString(), "--fail-on", "never")).isZero();
    assertThat(run("scan", planted.toString(), "--fail-on", "live")).isEqualTo(1);
  }

  @Test
  void scan_directory_mixOfGoodSanitizedAndMalformed_perFileVerdicts_exitTwo() throws IOException {
    Path cases = Files.createDirectories(dir.resolve("cases/sub"));
    Files.copy(planted, cases.resolve("a-planted.har"));
    assertThat(run("sanitize", planted.toString(), "-o", cases.resolve("b-sanitized.har").toString())).isZero();
    Files.writeString(cases.resolve("c-bad.har"), SAFE_HAR.substring(0, 120));
    gzip(SAFE_HAR, cases.resolve("d-safe.har.gz"));
    Files.writeString(cases.resolve("notes.txt"), "not a HAR, ignored");

    int code = run("scan", dir.resolve("cases").toString());

    assertThat(code).isEqualTo(2);
    String text = out.toString();
    assertThat(text).contains(cases.resolve("a-planted.har") + ": UNSAFE: 2 live credentials");
    assertThat(text).contains(cases.resolve("b-sanitized.har") + ": SAFE: no credentials");
    assertThat(text).containsPattern("c-bad\\.har: ERROR: line \\d+, column \\d+: unexpected end of input");
    assertThat(text).contains(cases.resolve("d-safe.har.gz") + ": SAFE: no credentials in 1 entry");
    assertThat(text).doesNotContain("notes.txt").contains("4 files: 1 UNSAFE, 2 SAFE, 1 unreadable");
    assertThat(err.toString()).hasLineCount(1).contains("c-bad.har", "line 2");
  }

  @Test
  void scan_zip_mixOfGoodSanitizedAndMalformed_perFileVerdictsInJson_exitTwo() throws IOException {
    Path sanitized = dir.resolve("s.har");
    assertThat(run("sanitize", planted.toString(), "-o", sanitized.toString())).isZero();
    Path zip = dir.resolve("case-4411.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      put(z, "export/planted.har", PlantedHar.bytes());
      put(z, "export/sanitized.har", Files.readAllBytes(sanitized));
      put(z, "export/broken.har", "{\"log\":{\"entries\":{}}}".getBytes(StandardCharsets.UTF_8));
      put(z, "export/readme.md", "ignored".getBytes(StandardCharsets.UTF_8));
    }

    int code = run("scan", zip.toString(), "--format", "json");

    assertThat(code).isEqualTo(2);
    JsonNode report = JSON.readTree(out.toString());
    List<String> verdicts = new ArrayList<>();
    report.path("files").forEach(f -> verdicts.add(f.path("file").asText() + " " + f.path("verdict").asText()));
    assertThat(verdicts).containsExactly(zip + "!/export/broken.har ERROR", zip + "!/export/planted.har UNSAFE",
        zip + "!/export/sanitized.har SAFE");
    assertThat(report.path("files").get(0).path("error").asText())
        .contains("broken.har", "line 1", "entries is not an array");
    assertThat(report.path("summary").path("unreadable").asInt()).isEqualTo(1);
    assertThat(containsAnySecret(out.toString())).isFalse();
  }

  @Test
  void scan_missingPathAndCorruptZip_areListedWhileOthersAreScanned() throws IOException {
    Path notZip = Files.writeString(dir.resolve("fake.zip"), "plain text");

    int code = run("scan", dir.resolve("nope.har").toString(), notZip.toString(), planted.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).contains("nope.har: ERROR: no such file", "fake.zip: ERROR: not a readable zip file",
        "planted.har: UNSAFE");
    assertThat(err.toString()).hasLineCount(2);
  }

  @Test
  void scan_reportToFile_isWrittenAndNotOverwrittenWithoutForce() throws IOException {
    Path report = dir.resolve("r.sarif");
    run("scan", planted.toString(), "--format", "sarif", "-o", report.toString());
    assertThat(JSON.readTree(report.toFile()).path("version").asText()).isEqualTo("2.1.0");
    assertThat(out.toString()).isEmpty();

    assertThat(run("scan", planted.toString(), "-o", report.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("r.sarif", "--force");
  }

  @Test
  void scan_badOptions_exitTwoWithOneLine() {
    assertThat(run("scan", planted.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).hasLineCount(1).contains("--format");
    assertThat(run("scan", planted.toString(), "--fail-on", "sometimes")).isEqualTo(2);
    assertThat(err.toString()).hasLineCount(1).contains("--fail-on");
    assertThat(run("scan", planted.toString(), "--fingerprint-key-env", "SIDGUARD_TEST_SURELY_UNSET_42")).isEqualTo(2);
    assertThat(err.toString()).hasLineCount(1).contains("SIDGUARD_TEST_SURELY_UNSET_42", "not set");
  }

  @Test
  void scan_corpusDirectory_everyFileScanned_sanitizedCopiesHaveNothingLive() throws IOException {
    Path corpus = Path.of(System.getProperty("sidguard.root", "."), "..", "shared", "corpus", "har").normalize();
    Assumptions.assumeTrue(Files.isDirectory(corpus), "HAR corpus not found at " + corpus + ", skipping");
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".har")).sorted().toList();
    }

    run("scan", corpus.toString(), "--format", "json");
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.path("files").size()).isEqualTo(files.size());
    report.path("files").forEach(f -> assertThat(f.path("verdict").asText()).as(f.path("file").asText()).isNotEqualTo("ERROR"));

    Path clean = Files.createDirectories(dir.resolve("clean"));
    for (Path f : files) {
      assertThat(run("sanitize", f.toString(), "-o", clean.resolve(f.getFileName()).toString())).isZero();
    }
    assertThat(run("scan", clean.toString(), "--format", "json", "--fail-on", "live")).isZero();
    assertThat(JSON.readTree(out.toString()).path("summary").path("live").asInt()).isZero();
  }

  @Test
  void scan_directoryWithoutHars_reportsNoneAndSaysSo() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "nothing here");

    assertThat(run("scan", empty.toString())).isZero();
    assertThat(out.toString()).contains("0 files: none; 0 findings");
    assertThat(err.toString()).hasLineCount(1).contains("empty", "no *.har");
  }

  @Test
  void scan_help_explainsFingerprintKeyAndLiveRule() {
    assertThat(run("scan", "--help")).isZero();
    assertThat(out.toString()).contains("random bytes drawn for this run", "--fingerprint-key-env",
        "unknown when no expiry is known", "--fail-on live counts live=true findings only");
  }

  @Test
  void sarifUri_escapesWhatIsNotAPathCharacter() {
    assertThat(ScanCommand.uri("cases/a b.zip!/x.har")).isEqualTo("cases/a%20b.zip!/x.har");
    assertThat(ScanCommand.uri("<stdin>")).isEqualTo("%3Cstdin%3E");
  }

  private static void put(ZipOutputStream z, String name, byte[] content) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    z.write(content);
    z.closeEntry();
  }

  private static void gzip(String content, Path to) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(to))) {
      o.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
