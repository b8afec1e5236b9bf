package dev.sidguard.cli;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.DetectRun;
import dev.sidguard.detect.EventReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard detect}: stateful detections over Okta System Log events. */
@Command(
    name = "detect",
    header = "Detect stolen-session replay and related attacks in Okta System Log events.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run sidguard's detections over Okta System Log events: session replay, token",
      "without MFA, privileged change from an untrusted network, impossible travel,",
      "Admin Console from a new network, sensitive change in a suspicious session,",
      "HAR-exposed session used.",
      "",
      "Input: a JSON array (as /api/v1/logs returns) or NDJSON, optionally gzipped.",
      "Output: one alert per line. Diagnostics go to standard error.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  no alert",
      "  1  alerts were emitted",
      "  2  usage or input error",
      "",
      "Example: sidguard detect logs.ndjson.gz --config acme.yaml --watchlist exposed.jsonl -o alerts.jsonl"
    })
final class DetectCommand implements Callable<Integer> {
  private static final int SHOW_MALFORMED = 10;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Event files ('-' or none: standard input).")
  List<String> files = new ArrayList<>();

  @Mixin DetectionOptions detection;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Checkpoint state, input position and emitted alerts here; a rerun resumes without duplicates.")
  Path state;


  @Option(names = "--format", paramLabel = "jsonl|ocsf", defaultValue = "jsonl",
      description = "Alert format: jsonl (sidguard's schema) or ocsf (OCSF Detection Finding). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Alert file ('-': standard output, the default).")
  Path output;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "100000",
      description = "With --state, checkpoint every N events (and at the end). Default: ${DEFAULT-VALUE}.")
  long checkpointEvery;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    AlertFormat alertFormat = alertFormat(spec, format);
    if (checkpointEvery < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--checkpoint-every must be at least 1");
    }
    DetectRun.Summary summary = DetectRun.builder()
        .inputs(files)
        .stdout(new LineOutput(spec.commandLine().getOut()))
        .config(detection.config())
        .watchlist(detection.watchlist())
        .format(alertFormat)
        .output(output)
        .stateDir(state)
        .checkpointEvery(checkpointEvery)
        .productVersion(version())
        .build()
        .run();
    report(err, summary);
    return summary.alerts() > 0 ? Sidguard.FINDINGS : Sidguard.OK;
  }

  private static void report(PrintWriter err, DetectRun.Summary s) {
    if (s.resumed()) {
      err.println("detect: resumed from checkpoint"
          + (s.resumedFile() == null ? " (input already complete)" : " at record " + s.resumedAtRecord() + " of "
              + s.resumedFile()));
    }
    StringBuilder line = new StringBuilder("detect: ").append(s.events()).append(" events");
    if (s.malformed() > 0) {
      line.append(", ").append(s.malformed()).append(" malformed");
    }
    if (s.untimed() > 0) {
      line.append(", ").append(s.untimed()).append(" without a valid published time (skipped)");
    }
    if (s.late() > 0) {
      line.append(", ").append(s.late()).append(" later than the out-of-order window");
    }
    line.append("; ").append(s.alerts()).append(s.alerts() == 1 ? " alert" : " alerts");
    if (s.alerts() > 0) {
      line.append(" (").append(byRule(s.alertsByRule())).append(')');
    }
    err.println(line);
    int shown = 0;
    for (EventReader.Malformed m : s.malformedSample()) {
      if (shown++ >= SHOW_MALFORMED) {
        break;
      }
      err.println("detect: skipped " + m);
    }
    if (s.malformed() > shown) {
      err.println("detect: … and " + (s.malformed() - Math.min(shown, s.malformedSample().size()))
          + " more malformed records");
    }
    err.flush();
  }

  private static String byRule(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  /** Alert lines (whole UTF-8 lines per write) to picocli's output writer. */
  private static final class LineOutput extends OutputStream {
    private final PrintWriter out;

    LineOutput(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      out.flush();
    }
  }

  /** The --format option's value as an {@link AlertFormat}; a usage error otherwise. */
  static AlertFormat alertFormat(CommandSpec spec, String format) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "jsonl", "json" -> AlertFormat.JSONL;
      case "ocsf" -> AlertFormat.OCSF;
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--format must be jsonl or ocsf, not '" + format + "'");
    };
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = Sidguard.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
