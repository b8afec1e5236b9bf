package dev.sidguard.cli;

import dev.sidguard.sim.Exposure;
import dev.sidguard.sim.Labels;
import dev.sidguard.sim.Scenario;
import dev.sidguard.sim.TenantSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sidguard simulate}: a realistic, labelled Okta System Log of a simulated tenant. */
@Command(
    name = "simulate",
    header = "Write a simulated Okta tenant's System Log with labelled attacks.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Write the System Log of a simulated Okta tenant as NDJSON, in the shapes Okta emits:",
      "Classic (102…) and Identity Engine (idx…) sessions, MFA, SSO, token grants, Admin",
      "Console, group, policy and IdP changes. Benign life is hard on detections (office and",
      "VPN egress, mobile IP churn, IPv6 privacy addresses, travellers, browser updates, a CI",
      "service account); attack scenarios are planted and labelled. Same seed, same bytes.",
      "",
      "With --labels L.json it also writes L.config.yaml (the tenant's detect configuration)",
      "and, when the watchlisted-session-replay scenario runs, L.watchlist.jsonl (the HAR",
      "exposure watchlist) and the support-case HAR that leaked the session (into --har-dir,",
      "default: beside the labels).",
      ""
    },
    footerHeading = "%nScenarios:%n",
    footer = {
      "  har-replay-2023, slow-replay-datacenter, token-without-mfa,",
      "  privileged-change-outside-egress, impossible-travel, watchlisted-session-replay",
      "  (default: all; --scenario none for a purely benign tenant)",
      "",
      "Example: sidguard simulate -o events.ndjson --labels labels.json --seed 7",
      "         sidguard evaluate --events events.ndjson --labels labels.json"
    })
final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "EVENTS.ndjson",
      description = "Where to write the events ('-': standard output).")
  String output;

  @Option(names = "--labels", paramLabel = "L.json",
      description = "Write the labels (attacks, tenant configuration, benign traps) here.")
  Path labels;

  @Option(names = "--users", paramLabel = "N", defaultValue = "1000", description = "Employees. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--days", paramLabel = "D", defaultValue = "7", description = "Days of log. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", defaultValue = "2023-10-02",
      description = "First day (UTC). Default: ${DEFAULT-VALUE}.")
  String start;

  @Option(names = "--scenario", paramLabel = "NAME", arity = "1..*", split = ",",
      description = "Attack scenarios to plant (repeatable or comma-separated). Default: all.")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--har-dir", paramLabel = "DIR",
      description = "Where to write the support-case HAR. Default: the labels' directory.")
  Path harDir;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing output files.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    TenantSimulator simulator = TenantSimulator.builder().users(users).days(days).seed(seed).start(startDay())
        .scenarios(chosenScenarios()).build();
    Path config = labels == null ? null : sibling(labels, ".config.yaml");
    Path watchlist = labels == null ? null : sibling(labels, ".watchlist.jsonl");
    if (!force && labels != null) {
      for (Path p : List.of(labels, config)) {
        if (Files.exists(p)) {
          throw new java.nio.file.FileAlreadyExistsException(p.toString());
        }
      }
    }
    Labels[] result = new Labels[1];
    AtomicOutput.writeToFileOrStdout(output, force, out -> result[0] = simulator.write(out));
    Labels l = result[0];
    List<String> written = new ArrayList<>();
    written.add("events -> " + output);
    if (labels != null) {
      AtomicOutput.write(labels, force, out -> out.write(l.toJson().getBytes(StandardCharsets.UTF_8)));
      AtomicOutput.write(config, force, out -> out.write(l.tenant().yaml().getBytes(StandardCharsets.UTF_8)));
      written.add("labels -> " + labels);
      written.add("config -> " + config);
    }
    Exposure exposure = l.exposure();
    if (exposure != null) {
      if (watchlist != null) {
        AtomicOutput.write(watchlist, force, out -> out.write(exposure.watchlistJsonl()));
        written.add("watchlist -> " + watchlist);
      }
      Path dir = harDir != null ? harDir : labels != null ? parent(labels) : null;
      if (dir != null) {
        Files.createDirectories(dir);
        Path har = dir.resolve(exposure.harFile());
        AtomicOutput.write(har, force, out -> out.write(exposure.har().getBytes(StandardCharsets.UTF_8)));
        written.add("HAR -> " + har);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println("simulate: " + l.events() + " events, " + l.sessions() + " sessions, " + l.users() + " users, "
        + l.days() + " days, " + l.attacks().size() + (l.attacks().size() == 1 ? " attack" : " attacks")
        + "; " + String.join("; ", written));
    err.flush();
    return Sidguard.OK;
  }

  private java.time.Instant startDay() {
    try {
      return LocalDate.parse(start).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), "--start must be a date like 2023-10-02, not '" + start + "'");
    }
  }

  private Set<Scenario> chosenScenarios() {
    if (scenarios.isEmpty()) {
      return Set.of(Scenario.values());
    }
    Set<Scenario> chosen = new LinkedHashSet<>();
    for (String s : scenarios) {
      if (!s.equalsIgnoreCase("none")) {
        chosen.add(Scenario.byName(s));
      }
    }
    return chosen;
  }

  /** L.json -> L.config.yaml; other names get the suffix appended. */
  static Path sibling(Path labels, String suffix) {
    String name = labels.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return labels.resolveSibling(stem + suffix);
  }

  private static Path parent(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
