package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.sidguard.har.Exposure;
import dev.sidguard.har.Finding;
import dev.sidguard.har.HarException;
import dev.sidguard.har.HarScanner;
import dev.sidguard.har.Policy;
import dev.sidguard.har.ScanResult;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sidguard scan}: says whether HARs are safe to share, inventories their credentials, writes a watchlist. */
@Command(
    name = "scan",
    header = "Say whether HARs are safe to share: credentials, liveness, owner; write a watchlist.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Report every credential in HAR files, whether it still works and whose it is;",
      "write nothing into the HARs. The detectors are sanitize's: scan reports exactly",
      "what sanitize would replace.",
      "",
      "Each finding: file, entry index, location (request.headers[Cookie].sid, …), kind,",
      "fingerprint, live, and the Okta tenant, user and admin-console use the HAR reveals.",
      "Values are never printed: a fingerprint is the first 12 hex characters of",
      "HMAC-SHA256 over the value, keyed with 32 random bytes drawn for this run (equal",
      "values match across all files of one run, never across runs), or with the key in",
      "the environment variable named by --fingerprint-key-env, for fingerprints that",
      "stay the same from run to run.",
      "",
      "live: false when the value's known expiry is past (JWT exp; /api/v1/sessions/me",
      "expiresAt in the HAR for the sid/idx cookies; Set-Cookie Max-Age counted from the",
      "entry's time, or Expires, or the HAR cookie's expires); true when that expiry is",
      "still ahead (and a JWT's nbf is not); unknown when no expiry is known, e.g. a",
      "session cookie, however long ago the HAR was recorded.",
      ""
    },
    footer = {
      "",
      "Verdict per file: UNSAFE (a live credential), REVIEW (credentials of unknown",
      "validity), EXPIRED (only expired ones), SAFE (none), ERROR (unreadable).",
      "JSON: {\"files\":[…], \"findings\":[…], \"summary\":{…}}; a finding's live is the",
      "string \"true\", \"false\" or \"unknown\"; entry is null outside log.entries.",
      "--fail-on live counts live=true findings only; any counts every finding.",
      "Exit codes: 0 nothing at the --fail-on level, 1 findings at that level,",
      "2 an input could not be read (the others are still scanned and reported).",
      "A progress bar is drawn on stderr for directory and zip inputs when stderr is a",
      "terminal.",
      "Example: sidguard scan cases/ --format json --watchlist exposed.jsonl"
    })
final class ScanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "HAR file (.har, .har.gz), directory (searched recursively for *.har and *.har.gz), "
          + "zip of HARs, or - for standard input.")
  List<String> paths;

  @Option(names = "--format", paramLabel = "text|json|sarif", defaultValue = "text",
      description = "Report format. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "-",
      description = "Where to write the report (- for standard output, the default).")
  String output;

  @Option(names = "--watchlist", paramLabel = "W.jsonl",
      description = "Also write one JSON line per exposed high-entropy session or token (SHA-256 of the value, "
          + "kind, name, tenant, user, HAR, exposure time range, expiry) for 'detect --watchlist'. "
          + "Passwords and other low-entropy secrets are never written.")
  Path watchlist;

  @Option(names = "--fail-on", paramLabel = "live|any|never", defaultValue = "live",
      description = "Exit 1 when a finding at this level exists. Default: ${DEFAULT-VALUE}.")
  String failOn;

  @Option(names = "--policy", paramLabel = "default|strict|FILE.yaml", defaultValue = "default",
      description = "Which detectors to run, as for sanitize. Default: ${DEFAULT-VALUE}.")
  String policy;

  @Option(names = "--fingerprint-key-env", paramLabel = "VAR",
      description = "Name of an environment variable holding the fingerprint key (at least 16 characters), "
          + "for fingerprints stable across runs. Default: a random key per run.")
  String keyEnv;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Judge liveness as of this ISO-8601 instant (e.g. when the HAR was uploaded, "
          + "2023-10-02T14:00:00Z) instead of now.")
  Instant at;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing report and watchlist files.")
  boolean force;

  private static final int TEXT_FINDINGS_PER_FILE = 10;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** One file's outcome: a result or the one-line error that made it unreadable. */
  private record Outcome(String file, @Nullable ScanResult result, @Nullable String error) {}

  /** One HAR to scan: a file, standard input, or a member of a zip. */
  private record Target(String name, @Nullable Path file, @Nullable Path zip, @Nullable String member,
      @Nullable String error) {}

  @Override
  public Integer call() throws IOException {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!List.of("text", "json", "sarif").contains(fmt)) {
      throw new IllegalArgumentException("--format must be text, json or sarif, not '" + format + "'");
    }
    String level = failOn.toLowerCase(Locale.ROOT);
    if (!List.of("live", "any", "never").contains(level)) {
      throw new IllegalArgumentException("--fail-on must be live, any or never, not '" + failOn + "'");
    }
    HarScanner scanner = HarScanner.create(Policy.resolve(policy));
    if (keyEnv != null) {
      String key = System.getenv(keyEnv);
      if (key == null || key.length() < 16) {
        throw new IllegalArgumentException("--fingerprint-key-env: environment variable " + keyEnv
            + (key == null ? " is not set" : " holds fewer than 16 characters"));
      }
      scanner = scanner.withFingerprintKey(key.getBytes(StandardCharsets.UTF_8));
    }
    if (at != null) {
      scanner = scanner.withClock(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC));
    }
    boolean containers = false;
    List<Target> targets = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String p : paths) {
      containers |= expand(p, targets, empty);
    }
    Instant started = Instant.now();
    List<Outcome> outcomes = scanAll(scanner, targets, containers && System.console() != null);
    int exit = exitCode(outcomes, level);

    PrintWriter err = spec.commandLine().getErr();
    for (String dirName : empty) {
      err.println("scan: " + dirName + ": no *.har or *.har.gz files found");
    }
    for (Outcome o : outcomes) {
      if (o.error() != null) {
        err.println("scan: " + o.error());
      }
    }
    err.flush();
    writeReport(fmt, outcomes, level, exit);
    if (watchlist != null) {
      int lines = writeWatchlist(outcomes, started);
      err.println("scan: wrote " + lines + (lines == 1 ? " exposure" : " exposures") + " to " + watchlist);
      err.flush();
    }
    return exit;
  }

  // ---- inputs ----

  /** Adds the HARs named by path; returns whether it was a directory or zip (progress is worth showing). */
  private static boolean expand(String path, List<Target> out, List<String> empty) throws IOException {
    if (path.equals("-")) {
      out.add(new Target("<stdin>", null, null, null, null));
      return false;
    }
    Path p = Path.of(path);
    if (Files.isDirectory(p)) {
      List<Path> found;
      try (Stream<Path> walk = Files.walk(p)) {
        found = walk.filter(Files::isRegularFile).filter(f -> isHarName(f.getFileName().toString())).sorted().toList();
      }
      for (Path f : found) {
        out.add(new Target(f.toString(), f, null, null, null));
      }
      if (found.isEmpty()) {
        empty.add(path);
      }
      return true;
    }
    if (!Files.exists(p)) {
      out.add(new Target(path, null, null, null, path + ": no such file or directory"));
      return false;
    }
    if (path.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      try (ZipFile zip = new ZipFile(p.toFile())) {
        List<String> members = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry z = e.nextElement();
          if (!z.isDirectory() && isHarName(z.getName())) {
            members.add(z.getName());
          }
        }
        members.sort(null);
        for (String m : members) {
          out.add(new Target(path + "!/" + m, null, p, m, null));
        }
      } catch (ZipException e) {
        out.add(new Target(path, null, null, null, path + ": not a readable zip file"));
      } catch (IOException e) {
        out.add(new Target(path, null, null, null, describe(path, e)));
      }
      return true;
    }
    out.add(new Target(path, p, null, null, null));
    return false;
  }

  private static boolean isHarName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".har") || lower.endsWith(".har.gz");
  }

  private List<Outcome> scanAll(HarScanner scanner, List<Target> targets, boolean progress) throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("scan").setInitialMax(targets.size())
        .setStyle(ProgressBarStyle.ASCII).setUnit(" files", 1).setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).clearDisplayOnFinish().build() : null;
    ZipFile zip = null;
    Path zipPath = null;
    try {
      for (Target t : targets) {
        if (bar != null) {
          bar.setExtraMessage(shortName(t.name()));
        }
        if (t.error() != null) {
          outcomes.add(new Outcome(t.name(), null, t.error()));
        } else {
          if (t.zip() != null && !t.zip().equals(zipPath)) {
            if (zip != null) {
              zip.close();
            }
            zip = new ZipFile(t.zip().toFile());
            zipPath = t.zip();
          }
          outcomes.add(scanOne(scanner, t, zip));
        }
        if (bar != null) {
          bar.step();
        }
      }
    } finally {
      if (zip != null) {
        zip.close();
      }
      if (bar != null) {
        bar.close();
      }
    }
    return outcomes;
  }

  private static String shortName(String name) {
    return name.length() <= 40 ? name : "…" + name.substring(name.length() - 39);
  }

  private static Outcome scanOne(HarScanner scanner, Target t, @Nullable ZipFile zip) {
    try (InputStream in = open(t, zip)) {
      return new Outcome(t.name(), scanner.scan(in, t.name()), null);
    } catch (HarException e) {
      return new Outcome(t.name(), null, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      return new Outcome(t.name(), null, describe(t.name(), io));
    }
  }

  private static InputStream open(Target t, @Nullable ZipFile zip) throws IOException {
    InputStream raw;
    if (t.zip() != null && zip != null) {
      ZipEntry entry = zip.getEntry(t.member());
      if (entry == null) {
        throw new NoSuchFileException(t.name());
      }
      raw = zip.getInputStream(entry);
    } else if (t.file() != null) {
      raw = Files.newInputStream(t.file());
    } else {
      raw = new FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input stays open
        }
      };
    }
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    return t.name().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static String describe(String name, IOException e) {
    if (e instanceof NoSuchFileException) {
      return name + ": no such file";
    }
    if (e instanceof AccessDeniedException) {
      return name + ": permission denied";
    }
    boolean gz = name.toLowerCase(Locale.ROOT).endsWith(".gz");
    if (gz && (e instanceof ZipException || e instanceof EOFException)) {
      return name + ": not valid gzip data (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof ZipException) {
      return name + ": corrupt zip entry (" + e.getClass().getSimpleName() + ")";
    }
    return name + ": cannot read (" + e.getClass().getSimpleName() + ")";
  }

  private static int exitCode(List<Outcome> outcomes, String level) {
    boolean failed = false;
    for (Outcome o : outcomes) {
      if (o.error() != null) {
        return Sidguard.INPUT_ERROR;
      }
      ScanResult r = o.result();
      failed |= switch (level) {
        case "live" -> r.count(Finding.Live.TRUE) > 0;
        case "any" -> !r.findings().isEmpty();
        default -> false;
      };
    }
    return failed ? Sidguard.FINDINGS : Sidguard.OK;
  }

  // ---- reports ----

  private void writeReport(String fmt, List<Outcome> outcomes, String level, int exit) throws IOException {
    if (output.equals("-")) {
      PrintWriter out = spec.commandLine().getOut();
      render(fmt, outcomes, level, exit, out);
      out.flush();
    } else {
      AtomicOutput.write(Path.of(output), force, os -> {
        Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
        render(fmt, outcomes, level, exit, w);
        w.flush();
      });
    }
  }

  private void render(String fmt, List<Outcome> outcomes, String level, int exit, Writer w) throws IOException {
    switch (fmt) {
      case "json" -> json(outcomes, level, exit, w);
      case "sarif" -> sarif(outcomes, w);
      default -> text(outcomes, w);
    }
  }

  private static void text(List<Outcome> outcomes, Writer w) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Outcome o : outcomes) {
      ScanResult r = o.result();
      if (r == null) {
        sb.append(o.file()).append(": ERROR: ").append(withoutSource(o.error(), o.file())).append('\n');
        continue;
      }
      sb.append(o.file()).append(": ").append(r.summary()).append('\n');
      List<Finding> shown = new ArrayList<>(r.findings());
      shown.sort(Comparator.comparingInt((Finding f) -> liveOrder(f.live())).thenComparingLong(Finding::entry));
      for (int i = 0; i < Math.min(TEXT_FINDINGS_PER_FILE, shown.size()); i++) {
        Finding f = shown.get(i);
        sb.append(String.format(Locale.ROOT, "  %-8s %-16s %-8s %s  fp %s%s%n",
            f.entry() < 0 ? "-" : "entry " + f.entry(), f.kind(), liveWord(f.live()), f.location(), f.fingerprint(),
            f.expiresAt() != null ? "  expires " + f.expiresAt() : ""));
      }
      if (shown.size() > TEXT_FINDINGS_PER_FILE) {
        sb.append("  … and ").append(shown.size() - TEXT_FINDINGS_PER_FILE)
            .append(" more findings (--format json lists them all)\n");
      }
    }
    sb.append(Totals.of(outcomes).line()).append('\n');
    w.write(sb.toString());
  }

  private static int liveOrder(Finding.Live live) {
    return switch (live) {
      case TRUE -> 0;
      case UNKNOWN -> 1;
      case FALSE -> 2;
    };
  }

  private static String liveWord(Finding.Live live) {
    return switch (live) {
      case TRUE -> "live";
      case UNKNOWN -> "unknown";
      case FALSE -> "expired";
    };
  }

  private static String withoutSource(@Nullable String error, String file) {
    String e = error == null ? "" : error;
    return e.startsWith(file + ": ") ? e.substring(file.length() + 2) : e;
  }

  /** Counts over all files: verdicts (ERROR for unreadable ones), findings by liveness, entries. */
  private record Totals(Map<String, Integer> verdicts, int files, int unreadable, long findings, long entries,
      Map<Finding.Live, Long> byLive) {

    static Totals of(List<Outcome> outcomes) {
      Map<String, Integer> verdicts = new java.util.LinkedHashMap<>();
      for (ScanResult.Verdict v : ScanResult.Verdict.values()) {
        verdicts.put(v.name(), 0);
      }
      Map<Finding.Live, Long> byLive = new EnumMap<>(Finding.Live.class);
      long findings = 0;
      long entries = 0;
      int unreadable = 0;
      for (Outcome o : outcomes) {
        ScanResult r = o.result();
        if (r == null) {
          unreadable++;
          continue;
        }
        verdicts.merge(r.verdict().name(), 1, Integer::sum);
        findings += r.findings().size();
        entries += r.entries();
        for (Finding.Live l : Finding.Live.values()) {
          byLive.merge(l, r.count(l), Long::sum);
        }
      }
      verdicts.values().removeIf(n -> n == 0);
      return new Totals(verdicts, outcomes.size(), unreadable, findings, entries, byLive);
    }

    long live(Finding.Live l) {
      return byLive.getOrDefault(l, 0L);
    }

    /** "3 files: 1 UNSAFE, 1 SAFE, 1 unreadable; 33 findings (2 live, 29 unknown, 2 expired) in 120 entries". */
    String line() {
      List<String> parts = new ArrayList<>();
      verdicts.forEach((v, n) -> parts.add(n + " " + v));
      if (unreadable > 0) {
        parts.add(unreadable + " unreadable");
      }
      return files + (files == 1 ? " file: " : " files: ") + (parts.isEmpty() ? "none" : String.join(", ", parts))
          + "; " + findings + (findings == 1 ? " finding" : " findings") + " (" + live(Finding.Live.TRUE) + " live, "
          + live(Finding.Live.UNKNOWN) + " unknown, " + live(Finding.Live.FALSE) + " expired) in " + entries
          + (entries == 1 ? " entry" : " entries");
    }
  }

  private static JsonGenerator generator(Writer w) throws IOException {
    JsonGenerator g = JSON.createGenerator(w);
    g.setPrettyPrinter(new DefaultPrettyPrinter());
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /** The JSON report of {@code --format json} for one scanned HAR (the web page's /api/scan). */
  static void writeJson(ScanResult result, Writer w) throws IOException {
    List<Outcome> one = List.of(new Outcome(result.file(), result, null));
    json(one, "live", exitCode(one, "live"), w);
  }

  private static void json(List<Outcome> outcomes, String level, int exit, Writer w) throws IOException {
    try (JsonGenerator g = generator(w)) {
      g.writeStartObject();
      g.writeArrayFieldStart("files");
      for (Outcome o : outcomes) {
        g.writeStartObject();
        g.writeStringField("file", o.file());
        ScanResult r = o.result();
        if (r == null) {
          g.writeStringField("verdict", "ERROR");
          g.writeStringField("error", o.error());
        } else {
          g.writeStringField("verdict", r.verdict().name());
          g.writeStringField("summary", r.summary());
          g.writeNumberField("entries", r.entries());
          optional(g, "firstEntry", r.firstEntry());
          optional(g, "lastEntry", r.lastEntry());
          g.writeNumberField("findings", r.findings().size());
          g.writeObjectFieldStart("live");
          for (Finding.Live l : Finding.Live.values()) {
            g.writeNumberField(l.text(), r.count(l));
          }
          g.writeEndObject();
          g.writeNumberField("liveCredentials", r.credentials(Finding.Live.TRUE));
          g.writeNumberField("liveRequests", r.requests(Finding.Live.TRUE));
          g.writeArrayFieldStart("identities");
          for (ScanResult.Identity i : r.identities()) {
            g.writeStartObject();
            g.writeStringField("tenant", i.tenant());
            optional(g, "user", i.user());
            g.writeBooleanField("admin", i.admin());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("findings");
      for (Outcome o : outcomes) {
        if (o.result() != null) {
          for (Finding f : o.result().findings()) {
            finding(g, f);
          }
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("summary");
      summary(g, outcomes, level, exit);
      g.writeEndObject();
      g.writeEndObject();
    }
    w.write(System.lineSeparator());
  }

  private static void finding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", f.file());
    if (f.entry() < 0) {
      g.writeNullField("entry");
    } else {
      g.writeNumberField("entry", f.entry());
    }
    g.writeStringField("location", f.location());
    g.writeStringField("name", f.name());
    g.writeStringField("kind", f.kind());
    g.writeStringField("fingerprint", f.fingerprint());
    g.writeStringField("live", f.live().text());
    optional(g, "expiresAt", f.expiresAt());
    optional(g, "host", f.host());
    optional(g, "tenant", f.tenant());
    optional(g, "user", f.user());
    g.writeBooleanField("admin", f.admin());
    g.writeEndObject();
  }

  private static void summary(JsonGenerator g, List<Outcome> outcomes, String level, int exit) throws IOException {
    Totals t = Totals.of(outcomes);
    g.writeNumberField("files", t.files());
    g.writeNumberField("unreadable", t.unreadable());
    g.writeNumberField("entries", t.entries());
    g.writeNumberField("findings", t.findings());
    g.writeNumberField("live", t.live(Finding.Live.TRUE));
    g.writeNumberField("unknown", t.live(Finding.Live.UNKNOWN));
    g.writeNumberField("expired", t.live(Finding.Live.FALSE));
    g.writeObjectFieldStart("verdicts");
    for (Map.Entry<String, Integer> e : t.verdicts().entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    if (t.unreadable() > 0) {
      g.writeNumberField("ERROR", t.unreadable());
    }
    g.writeEndObject();
    g.writeStringField("failOn", level);
    g.writeNumberField("exitCode", exit);
    g.writeStringField("text", t.line());
  }

  private static void optional(JsonGenerator g, String field, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value.toString());
    }
  }

  // ---- SARIF 2.1.0 ----

  private void sarif(List<Outcome> outcomes, Writer w) throws IOException {
    TreeSet<String> kinds = new TreeSet<>();
    for (Outcome o : outcomes) {
      if (o.result() != null) {
        o.result().findings().forEach(f -> kinds.add(f.kind()));
      }
    }
    List<String> rules = new ArrayList<>(kinds);
    try (JsonGenerator g = generator(w)) {
      g.writeStartObject();
      g.writeStringField("version", "2.1.0");
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "sidguard");
      g.writeStringField("version", version());
      g.writeArrayFieldStart("rules");
      for (String kind : rules) {
        g.writeStartObject();
        g.writeStringField("id", "har/" + kind);
        g.writeStringField("name", "Har" + pascal(kind));
        g.writeObjectFieldStart("shortDescription");
        g.writeStringField("text", "Credential in a HAR file: " + kind);
        g.writeEndObject();
        g.writeObjectFieldStart("fullDescription");
        g.writeStringField("text", "A credential of kind " + kind + " is stored in a HAR file. Anyone holding the "
            + "file can replay it while it is valid; sanitize the file before sharing it (sidguard sanitize).");
        g.writeEndObject();
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", "warning");
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("invocations");
      g.writeStartObject();
      boolean ok = outcomes.stream().allMatch(o -> o.error() == null);
      g.writeBooleanField("executionSuccessful", ok);
      g.writeArrayFieldStart("toolExecutionNotifications");
      for (Outcome o : outcomes) {
        if (o.error() != null) {
          g.writeStartObject();
          g.writeStringField("level", "error");
          g.writeObjectFieldStart("message");
          g.writeStringField("text", o.error());
          g.writeEndObject();
          g.writeArrayFieldStart("locations");
          g.writeStartObject();
          artifact(g, o.file());
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart("results");
      for (Outcome o : outcomes) {
        if (o.result() != null) {
          for (Finding f : o.result().findings()) {
            result(g, f, rules.indexOf(f.kind()));
          }
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    w.write(System.lineSeparator());
  }

  /** "bearer-token" becomes "BearerToken". */
  private static String pascal(String kind) {
    StringBuilder sb = new StringBuilder();
    for (String part : kind.split("-")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
      }
    }
    return sb.toString();
  }

  private void result(JsonGenerator g, Finding f, int ruleIndex) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", "har/" + f.kind());
    g.writeNumberField("ruleIndex", ruleIndex);
    g.writeStringField("level", switch (f.live()) {
      case TRUE -> "error";
      case UNKNOWN -> "warning";
      case FALSE -> "note";
    });
    String where = (f.entry() < 0 ? "" : "log.entries[" + f.entry() + "].") + f.location();
    g.writeObjectFieldStart("message");
    g.writeStringField("text", switch (f.live()) {
      case TRUE -> "Live ";
      case UNKNOWN -> "Possibly live ";
      case FALSE -> "Expired ";
    } + f.kind() + (f.name().isEmpty() ? "" : " '" + f.name() + "'") + " at " + where
        + (f.user() != null ? " (user " + f.user() + ")" : "") + ", fingerprint " + f.fingerprint() + ".");
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    artifact(g, f.file());
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("fullyQualifiedName", where);
    g.writeStringField("kind", "member");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    if (keyEnv != null) {
      g.writeObjectFieldStart("partialFingerprints");
      g.writeStringField("sidguardValue/v1", f.fingerprint());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("properties");
    g.writeStringField("live", f.live().text());
    g.writeStringField("fingerprint", f.fingerprint());
    if (f.entry() >= 0) {
      g.writeNumberField("entry", f.entry());
    }
    optional(g, "expiresAt", f.expiresAt());
    optional(g, "tenant", f.tenant());
    optional(g, "user", f.user());
    g.writeBooleanField("admin", f.admin());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void artifact(JsonGenerator g, String file) throws IOException {
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", uri(file));
    g.writeEndObject();
    g.writeEndObject();
  }

  /** The file name as a relative URI reference: forward slashes, everything but unreserved characters escaped. */
  static String uri(String file) {
    StringBuilder sb = new StringBuilder();
    for (byte b : file.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-._~/!".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  private static String version() throws IOException {
    String[] v = new Sidguard.Version().getVersion();
    return v[0].startsWith("sidguard ") ? v[0].substring(9) : v[0];
  }

  // ---- watchlist ----

  private int writeWatchlist(List<Outcome> outcomes, Instant scanTime) throws IOException {
    StringWriter lines = new StringWriter();
    int n = 0;
    for (Outcome o : outcomes) {
      ScanResult r = o.result();
      if (r == null) {
        continue;
      }
      Instant from = r.firstEntry() != null ? r.firstEntry() : scanTime;
      Instant to = r.lastEntry() != null ? r.lastEntry() : from;
      for (Exposure e : r.exposures()) {
        try (JsonGenerator g = JSON.createGenerator(lines)) {
          g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          g.writeStartObject();
          g.writeStringField("sha256", e.sha256());
          g.writeStringField("kind", e.kind());
          if (!e.name().isEmpty()) {
            g.writeStringField("name", e.name());
          }
          if (e.tenant() != null) {
            g.writeStringField("tenant", e.tenant());
          }
          if (e.user() != null) {
            g.writeStringField("user", e.user());
          }
          g.writeStringField("har", r.file());
          g.writeStringField("exposedFrom", from.toString());
          g.writeStringField("exposedTo", to.toString());
          if (e.expiresAt() != null) {
            g.writeStringField("expiresAt", e.expiresAt().toString());
          }
          g.writeStringField("live", e.live().text());
          g.writeStringField("fingerprint", e.fingerprint());
          g.writeEndObject();
        }
        lines.write('\n');
        n++;
      }
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    AtomicOutput.write(watchlist, force, (OutputStream out) -> out.write(bytes));
    return n;
  }
}
