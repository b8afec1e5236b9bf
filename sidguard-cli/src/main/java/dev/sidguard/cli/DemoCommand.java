package dev.sidguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.har.HarSanitizer;
import dev.sidguard.har.Policy;
import dev.sidguard.har.SanitizeReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard demo}: the story of a support-case HAR, told on a bundled sample in a few seconds. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run sidguard on a bundled support-case HAR recorded by an Okta admin: sanitize it,",
      "check that no credential of the original survives, and leave every file in a folder.",
      "Needs no set-up and no network."
    })
final class DemoCommand implements Callable<Integer> {

  private static final String SAMPLE = "demo/support-case.har";

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "sidguard-demo",
      description = "Folder for the demo's files (created or refreshed). Default: ./${DEFAULT-VALUE}")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    Path original = dir.resolve("support-case.har");
    Path sanitized = dir.resolve("support-case.sanitized.har");
    Path report = dir.resolve("sanitize-report.json");
    try (InputStream sample = DemoCommand.class.getResourceAsStream(SAMPLE)) {
      if (sample == null) {
        throw new IllegalStateException("the bundled sample " + SAMPLE + " is missing from the jar");
      }
      Files.copy(sample, original, StandardCopyOption.REPLACE_EXISTING);
    }

    out.println("sidguard demo: the 2023 support-case HAR, made safe before it leaves the customer");
    out.println();
    out.println("1. An Okta admin records " + original + " for a support ticket.");
    ObjectMapper json = new ObjectMapper();
    JsonNode har = json.readTree(original.toFile());
    List<String> credentials = credentials(har);
    out.println("   It holds " + har.path("log").path("entries").size() + " requests and "
        + credentials.size() + " cookie and Authorization values: a live admin session, as in 2023.");

    SanitizeReport result;
    try (InputStream in = Files.newInputStream(original)) {
      HarSanitizer sanitizer = HarSanitizer.create(Policy.defaults());
      SanitizeReport[] holder = new SanitizeReport[1];
      AtomicOutput.write(sanitized, true, o -> holder[0] = sanitizer.sanitize(in, o, original.toString()));
      result = holder[0];
    }
    AtomicOutput.write(report, true, o -> o.write(result.toJson().getBytes(StandardCharsets.UTF_8)));
    out.println();
    out.println("2. sidguard sanitize " + original + "  ->  " + sanitized);
    out.println("   " + result.summary());
    for (Map.Entry<String, Long> kind : result.byKind().entrySet()) {
      out.printf("     %-22s %d%n", kind.getKey(), kind.getValue());
    }

    String cleaned = Files.readString(sanitized, StandardCharsets.UTF_8);
    long survivors = credentials.stream().filter(cleaned::contains).count();
    JsonNode after = json.readTree(cleaned);
    out.println();
    out.println("3. Check: " + (credentials.size() - survivors) + " of " + credentials.size()
        + " credential values are gone; names, URLs, statuses and request ids stay. For example:");
    out.println("   Cookie: " + header(after.path("log").path("entries").path(2), "cookie"));
    out.println("   Authorization: " + header(after.path("log").path("entries").path(7), "authorization"));
    out.println();
    out.println("Files are in " + dir.toAbsolutePath().normalize() + "/ (" + original.getFileName() + ", "
        + sanitized.getFileName() + ", " + report.getFileName() + ").");
    out.println("Next: sidguard sanitize YOUR.har   (sidguard --help for every command)");
    out.flush();
    return survivors == 0 ? Sidguard.OK : Sidguard.FINDINGS;
  }

  /** Every cookie value and Authorization credential in the HAR, the values that must not survive. */
  private static List<String> credentials(JsonNode har) {
    List<String> values = new ArrayList<>();
    for (JsonNode entry : har.path("log").path("entries")) {
      for (JsonNode message : List.of(entry.path("request"), entry.path("response"))) {
        message.path("cookies").forEach(c -> values.add(c.path("value").asText()));
        for (JsonNode h : message.path("headers")) {
          String name = h.path("name").asText();
          if (name.equalsIgnoreCase("authorization")) {
            values.add(h.path("value").asText().replaceFirst("^\\S+\\s+", ""));
          }
        }
      }
    }
    values.removeIf(v -> v.length() < 8);
    return values.stream().distinct().toList();
  }

  private static String header(JsonNode entry, String name) {
    for (JsonNode h : entry.path("request").path("headers")) {
      if (h.path("name").asText().equalsIgnoreCase(name)) {
        return h.path("value").asText();
      }
    }
    return "(none)";
  }
}
