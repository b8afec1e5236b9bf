package dev.sidguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Severity;
import dev.sidguard.sim.Labels;
import dev.sidguard.sim.Scenario;
import dev.sidguard.sim.TenantSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard demo}: the 2023 support-case breach end to end, on a simulated tenant, in seconds. */
@Command(
    name = "demo",
    header = "The 2023 support-case breach end to end on a simulated tenant, in seconds.",
    mixinStandardHelpOptions = true,
    description = {
      "Tell the 2023 Okta support-case story end to end on a simulated tenant: an admin",
      "records a HAR for a support ticket; sidguard scans it (unsafe: a live admin session),",
      "sanitizes it, and, when the unsanitized session is replayed, detects the replay in the",
      "System Log using the scan's exposure watchlist. Needs no set-up and no network; every",
      "file is left in the demo folder."
    })
final class DemoCommand implements Callable<Integer> {
  /*
   * The demo runs the real subcommands (scan, sanitize, detect) through picocli, in this process, on
   * files in the demo folder, so what it shows is exactly what a user gets from the same commands.
   * Only the tenant comes from the simulator's Java API, because the story needs its labels (when
   * the HAR was recorded, which events are the replay) to tell the timeline.
   */

  /** 28 Sep 2023, the first customer report, to 19 Oct 2023, the vendor's confirmation. */
  private static final int DAYS_IN_2023 = 21;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "sidguard-demo",
      description = "Folder for the demo's files (created or refreshed). Default: ./${DEFAULT-VALUE}")
  Path dir;

  @Option(names = "--users", paramLabel = "N", defaultValue = "300", description = "Simulated users. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "2023", description = "Simulation seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    Path events = dir.resolve("events.ndjson");
    Path labelsFile = dir.resolve("labels.json");
    Path config = dir.resolve("tenant-config.yaml");
    Path watchlist = dir.resolve("exposed-sessions.jsonl");
    Path alerts = dir.resolve("alerts.jsonl");

    out.println("sidguard demo: the 2023 Okta support-case breach, end to end on a simulated tenant");
    out.println();
    Labels labels;
    try (OutputStream o = Files.newOutputStream(events)) {
      labels = TenantSimulator.builder().users(users).days(3).seed(seed)
          .scenarios(List.of(Scenario.WATCHLISTED_SESSION_REPLAY, Scenario.HAR_REPLAY_2023)).build()
          .write(new java.io.BufferedOutputStream(o, 1 << 16));
    }
    Files.writeString(labelsFile, labels.toJson(), StandardCharsets.UTF_8);
    Files.writeString(config, labels.tenant().yaml(), StandardCharsets.UTF_8);
    Labels.Attack replay = labels.attacks().stream()
        .filter(a -> a.scenario() == Scenario.WATCHLISTED_SESSION_REPLAY).findFirst()
        .orElseThrow(() -> new IllegalStateException("the simulation planted no HAR exposure"));
    var exposure = labels.exposure();
    if (exposure == null) {
      throw new IllegalStateException("the simulation wrote no support-case HAR");
    }
    Path har = dir.resolve(exposure.harFile());
    Files.writeString(har, exposure.har(), StandardCharsets.UTF_8);
    Path sanitized = dir.resolve(exposure.harFile().replaceFirst("\\.har$", ".sanitized.har"));
    Instant uploaded = replay.windowStart().plus(Duration.ofMinutes(5));

    out.printf("1. A tenant lives its life: %,d users, %d days, %,d System Log events -> %s%n",
        labels.users(), labels.days(), labels.events(), events);
    out.printf("   %s, an admin, records %s for a support ticket (%s).%n",
        replay.users().get(0), exposure.harFile(), WHEN.format(replay.windowStart()));
    out.println();

    out.println("2. sidguard scan " + har + " --watchlist " + watchlist);
    Run scan = run("scan", har.toString(), "--at", uploaded.toString(), "--watchlist", watchlist.toString(),
        "--fail-on", "live", "--force");
    indent(out, scan.out());
    out.println();

    out.println("3. sidguard sanitize " + har + " -o " + sanitized + "   (then scan the copy)");
    Run clean = run("sanitize", har.toString(), "-o", sanitized.toString(), "--force");
    indent(out, clean.err());
    Run rescan = run("scan", sanitized.toString(), "--at", uploaded.toString(), "--fail-on", "any");
    indent(out, rescan.out());
    out.println();

    out.println("4. The unsanitized HAR leaks anyway (as in 2023) and the session is replayed. In the System Log:");
    out.println("   sidguard detect " + events + " --config " + config + " --watchlist " + watchlist + " -o " + alerts);
    Run detect = run("detect", events.toString(), "--config", config.toString(), "--watchlist",
        watchlist.toString(), "-o", alerts.toString());
    indent(out, detect.err());
    out.println();

    List<JsonNode> raised = readAlerts(alerts);
    Instant replayStart = firstEvent(events, new HashSet<>(replay.maliciousEvents()));
    Set<String> malicious = new HashSet<>(replay.maliciousEvents());
    List<JsonNode> onSession = raised.stream()
        .filter(a -> replay.sessions().contains(a.path("session").asText())).toList();
    JsonNode firstOnReplay = onSession.stream()
        .filter(a -> streamText(a.path("events")).anyMatch(malicious::contains))
        .findFirst().orElse(null);
    out.println("Timeline of the exposed session");
    List<String[]> timeline = new ArrayList<>();
    timeline.add(new String[] {replay.windowStart().toString(),
        "exposure: " + exposure.harFile() + " recorded with a live admin session"});
    timeline.add(new String[] {replayStart.toString(), "the attacker replays the session from another network"});
    for (JsonNode a : onSession) {
      timeline.add(new String[] {a.path("time").asText(), "alert: " + a.path("rule").asText() + " ("
          + a.path("severity").asText() + ")" + (a.has("escalates") ? ", escalating an earlier alert" : "")});
    }
    timeline.sort((a, b) -> Instant.parse(a[0]).compareTo(Instant.parse(b[0])));
    timeline.forEach(t -> out.printf("   %s  %s%n", WHEN.format(Instant.parse(t[0])), t[1]));
    if (firstOnReplay != null) {
      Instant alertTime = Instant.parse(firstOnReplay.path("time").asText());
      out.printf("   The replay was flagged %s; in 2023 it took %d days to confirm.%n",
          human(Duration.between(replayStart, alertTime)), DAYS_IN_2023);
    } else {
      out.println("   no alert on the replayed events: the replay was MISSED");
    }
    out.println();

    Map<String, int[]> byRule = new TreeMap<>();
    Map<String, String> severity = new TreeMap<>();
    for (JsonNode a : raised) {
      byRule.computeIfAbsent(a.path("rule").asText(), r -> new int[1])[0]++;
      severity.merge(a.path("rule").asText(), a.path("severity").asText(), DemoCommand::worse);
    }
    out.println("Alerts by rule");
    out.printf("   %-40s %6s  %s%n", "rule", "alerts", "severity");
    byRule.forEach((rule, n) -> out.printf("   %-40s %6d  %s%n", rule, n[0], severity.get(rule)));
    out.println();
    out.println("Every file is in " + dir.toAbsolutePath().normalize() + "/");
    out.println("Next: sidguard scan YOUR.har, sidguard sanitize YOUR.har, sidguard detect YOUR-LOGS.ndjson");
    out.flush();

    boolean ok = scan.code() == Sidguard.FINDINGS && clean.code() == Sidguard.OK && rescan.code() == Sidguard.OK
        && firstOnReplay != null;
    return ok ? Sidguard.OK : Sidguard.FINDINGS;
  }

  private record Run(int code, String out, String err) {}

  /** Runs a sidguard subcommand in this process, capturing what it prints. */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Sidguard.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void indent(PrintWriter out, String text) {
    text.lines().filter(l -> !l.isBlank()).forEach(l -> out.println("   " + l));
  }

  private static List<JsonNode> readAlerts(Path alerts) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> list = new ArrayList<>();
    for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        list.add(json.readTree(line));
      }
    }
    list.sort((a, b) -> a.path("time").asText().compareTo(b.path("time").asText()));
    return list;
  }

  private static Instant firstEvent(Path events, Set<String> uuids) {
    Instant first = Instant.MAX;
    try (EventReader reader = EventReader.open(events)) {
      for (OktaEvent e = reader.next(); e != null; e = reader.next()) {
        if (uuids.contains(e.uuid()) && e.published().isBefore(first)) {
          first = e.published();
        }
      }
    }
    return first;
  }

  private static java.util.stream.Stream<String> streamText(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values.stream();
  }

  private static String worse(String a, String b) {
    return Severity.of(a).compareTo(Severity.of(b)) >= 0 ? a : b;
  }

  private static String human(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 1) {
      return "on its first request";
    }
    return (minutes < 120 ? minutes + " minutes" : d.toHours() + " hours") + " after it began";
  }
}
