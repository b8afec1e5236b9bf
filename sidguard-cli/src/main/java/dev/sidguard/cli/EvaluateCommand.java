package dev.sidguard.cli;

import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import dev.sidguard.sim.Evaluation;
import dev.sidguard.sim.Labels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sidguard evaluate}: precision and recall of the built-in detections on a labelled log. */
@Command(
    name = "evaluate",
    header = "Measure detection quality on a labelled log: precision, recall, false alarms.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run sidguard's detections over a labelled log (from 'simulate') and print, per rule and",
      "overall: true positives, false positives, missed attacks, precision, recall, and false",
      "alerts per 10,000 benign sessions.",
      "",
      "Matching: an alert is a true positive for an attack when one of its evidence events is",
      "one of the attack's malicious events, or when its session is one of the attack's",
      "sessions and its time lies inside the attack's window (for a leaked HAR the window opens",
      "when the HAR was recorded). Any rule may score on an attack; every other alert is a",
      "false positive. An attack is detected when at least one alert is a true positive for",
      "it; a rule missed an attack it is expected to catch when none of its alerts is.",
      "Benign sessions: distinct 102…/idx… session ids that belong to no attack.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  every attack detected",
      "  1  at least one attack missed",
      "  2  usage or input error",
      "",
      "Configuration defaults to the tenant's (config_yaml in the labels); the watchlist to the",
      "labels' exposure watchlist.",
      "Example: sidguard evaluate --events events.ndjson --labels labels.json --format json"
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--events", required = true, paramLabel = "E.ndjson", description = "Events (NDJSON or JSON array, optionally gzipped).")
  Path events;

  @Option(names = "--labels", required = true, paramLabel = "L.json", description = "Labels written by 'simulate --labels'.")
  Path labels;

  @Option(names = "--config", paramLabel = "C.yaml", description = "Detect configuration. Default: the tenant's, from the labels.")
  Path config;

  @Option(names = "--watchlist", paramLabel = "W.jsonl", description = "Exposure watchlist. Default: the labels' own.")
  Path watchlist;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "Report format. Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() {
    boolean json = switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default -> throw new ParameterException(spec.commandLine(), "--format must be text or json, not '" + format + "'");
    };
    Labels l = Labels.read(labels);
    DetectConfig c = config != null ? DetectConfig.load(config) : l.tenant().detectConfig();
    Watchlist w = watchlist != null ? Watchlist.load(watchlist) : l.watchlist();
    Evaluation.Report report = Evaluation.run(events, l, c, w);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() : report.text());
    out.flush();
    return report.allDetected() ? Sidguard.OK : Sidguard.FINDINGS;
  }
}
