package dev.sidguard.har;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real-world HAR in ../shared/corpus/har sanitizes to valid JSON with the same entries, URLs and
 * statuses, and none of its cookie values, Authorization credentials or JWT signatures survive. Failures
 * name where a value leaked, never the value.
 */
class HarCorpusTest {

  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{2,}\\.([A-Za-z0-9_-]{8,})");

  static Path corpus() {
    return Path.of(System.getProperty("sidguard.root", "."), "..", "shared", "corpus", "har").normalize();
  }

  @TestFactory
  Stream<DynamicTest> sanitize_corpusFile_keepsStructureAndLeaksNoCredential() throws IOException {
    Path dir = corpus();
    Assumptions.assumeTrue(Files.isDirectory(dir), "HAR corpus not found at " + dir + ", skipping corpus tests");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".har")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path file) throws IOException {
    byte[] in = Files.readAllBytes(file);
    JsonNode input = Hars.JSON.readTree(stripBom(in));
    Hars.Result r = Hars.sanitize(in, Policy.defaults());

    JsonNode inEntries = input.path("log").path("entries");
    JsonNode outEntries = r.har().path("log").path("entries");
    assertThat(outEntries.size()).isEqualTo(inEntries.size());
    assertThat(r.report().entries()).isEqualTo(inEntries.size());
    for (int i = 0; i < inEntries.size(); i++) {
      String inUrl = schemeHostPath(inEntries.get(i).path("request").path("url").asText());
      String outUrl = schemeHostPath(outEntries.get(i).path("request").path("url").asText());
      assertThat(sameExceptMarkerSegments(inUrl, outUrl)).as("scheme, host and path of entry %d", i).isTrue();
      assertThat(outEntries.get(i).path("response").path("status").asInt(-2))
          .as("status of entry %d", i).isEqualTo(inEntries.get(i).path("response").path("status").asInt(-2));
    }

    // Cookie and credential values are checked against everything in log.entries. Members before the
    // entries (log.pages) are written before the first cookie is read, so an echo of a cookie value there
    // (WebPageTest's pages[]._Images listing a tracking pixel URL) cannot be known in one streaming pass;
    // JWT signatures, which are recognised by shape, are checked against the whole output.
    String entriesText = Hars.text(r.har().path("log").path("entries"));
    Map<String, String> secrets = collectSecrets(input, new String(stripBom(in), StandardCharsets.UTF_8));
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      boolean jwtSignature = s.getValue().startsWith("JWT");
      if ((jwtSignature ? r.text() : entriesText).contains(s.getKey())) {
        leaks.add(s.getValue());
      }
    }
    assertThat(leaks).as("credentials that survived (where they were in the input)").isEmpty();
    assertThat(cookieAndAuthValuesInOutput(r.har())).as("cookie/auth values in output that are not markers").isEmpty();
  }

  private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)([^?#]*)");

  private static String schemeHostPath(String url) {
    Matcher m = URL.matcher(url);
    return m.find() ? m.group(1) + m.group(2) : url;
  }

  /**
   * Equal, except that a path segment may be a marker: a segment that is a secret seen elsewhere in the file
   * (a cookie value used as a sync id in a URL path) is replaced, and that is the wanted behaviour.
   */
  private static boolean sameExceptMarkerSegments(String in, String out) {
    String[] a = in.split("/", -1);
    String[] b = out.split("/", -1);
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!a[i].equals(b[i]) && !(i >= 3 && Markers.isMarker(b[i]))) {
        return false;
      }
    }
    return true;
  }

  private static byte[] stripBom(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      byte[] out = new byte[b.length - 3];
      System.arraycopy(b, 3, out, 0, out.length);
      return out;
    }
    return b;
  }

  /** Secret value -> a description of where it was (for failure messages). Short values are ignored. */
  private static Map<String, String> collectSecrets(JsonNode har, String rawText) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode entries = har.path("log").path("entries");
    for (int i = 0; i < entries.size(); i++) {
      for (String side : List.of("request", "response")) {
        JsonNode m = entries.get(i).path(side);
        for (JsonNode c : m.path("cookies")) {
          add(out, c.path("value").asText(""), "entries[" + i + "]." + side + ".cookies[" + c.path("name").asText() + "]");
        }
        for (JsonNode h : m.path("headers")) {
          String name = h.path("name").asText("").toLowerCase();
          String value = h.path("value").asText("");
          String where = "entries[" + i + "]." + side + ".headers[" + h.path("name").asText() + "]";
          if (name.equals("cookie")) {
            for (String pair : value.split(";")) {
              int eq = pair.indexOf('=');
              add(out, eq < 0 ? pair.trim() : pair.substring(eq + 1).trim(), where);
            }
          } else if (name.equals("set-cookie")) {
            for (String line : value.split("\n")) {
              String first = line.split(";")[0];
              int eq = first.indexOf('=');
              add(out, eq < 0 ? first.trim() : first.substring(eq + 1).trim(), where);
            }
          } else if (name.endsWith("authorization")) {
            int sp = value.indexOf(' ');
            add(out, sp < 0 ? value : value.substring(sp + 1).trim(), where);
          }
        }
      }
    }
    Matcher m = JWT.matcher(rawText);
    while (m.find()) {
      out.putIfAbsent(m.group(1), "JWT signature at char " + m.start(1));
    }
    return out;
  }

  /** Only random-looking values count: "true" or "/rum.gif" as a cookie value may appear anywhere. */
  private static void add(Map<String, String> out, String value, String where) {
    if (NameRules.looksRandom(value) && !Markers.isMarker(value)) {
      out.putIfAbsent(value, where);
    }
  }

  private static List<String> cookieAndAuthValuesInOutput(JsonNode har) {
    List<String> bad = new ArrayList<>();
    JsonNode entries = har.path("log").path("entries");
    for (int i = 0; i < entries.size(); i++) {
      for (String side : List.of("request", "response")) {
        JsonNode m = entries.get(i).path(side);
        for (JsonNode c : m.path("cookies")) {
          String v = c.path("value").asText("");
          if (!v.isEmpty() && !Markers.isMarker(v)) {
            bad.add("entries[" + i + "]." + side + ".cookies[" + c.path("name").asText() + "]");
          }
        }
        for (JsonNode h : m.path("headers")) {
          String name = h.path("name").asText("").toLowerCase();
          String v = h.path("value").asText("");
          if (name.equals("cookie")) {
            for (String pair : v.split(";")) {
              int eq = pair.indexOf('=');
              String cv = eq < 0 ? pair.trim() : pair.substring(eq + 1).trim();
              if (!cv.isEmpty() && !Markers.isMarker(cv)) {
                bad.add("entries[" + i + "]." + side + ".headers[cookie]");
              }
            }
          }
        }
      }
    }
    return bad;
  }
}
