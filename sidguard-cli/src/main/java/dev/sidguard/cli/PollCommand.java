package dev.sidguard.cli;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.AlertWriter;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.Watchlist;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard poll}: live detection over the Okta System Log API. */
@Command(
    name = "poll",
    header = "Poll an Okta org's System Log API and run the detections continuously.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Poll an Okta org's System Log (/api/v1/logs) and run sidguard's detections",
      "on every event as it arrives. Follows Okta's polling contract: ascending,",
      "no 'until', always the Link rel=\"next\" URL. With --state the cursor is",
      "checkpointed with the detection state after each page, so a restart",
      "resumes without losing or repeating an event.",
      "",
      "Credentials come only from environment variables and are never printed:",
      "  --auth ssws (default)   --token-env VAR: an SSWS API token of an admin with",
      "                          at least read-only admin rights;",
      "  --auth bearer           --token-env VAR: an OAuth 2.0 access token with the",
      "                          okta.logs.read scope;",
      "  --auth private-key-jwt  --client-id ID --private-key-env VAR [--key-id KID]:",
      "                          an API service app with public/private key client",
      "                          authentication and the okta.logs.read scope; the",
      "                          variable holds its private key (PKCS#8 PEM or JWK).",
      "                          Access tokens are fetched and renewed as needed,",
      "                          with DPoP when the app requires it.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  (--once) caught up, no alert",
      "  1  (--once) caught up, alerts were emitted",
      "  2  usage error, refused credential, Okta kept failing, unreadable state",
      "",
      "Examples: OKTA_TOKEN=… sidguard poll --org https://acme.okta.com --token-env OKTA_TOKEN \\",
      "            --state /var/lib/sidguard --config acme.yaml -o alerts.jsonl",
      "          OKTA_KEY=\"$(cat sidguard-app.pem)\" sidguard poll --org https://acme.okta.com \\",
      "            --auth private-key-jwt --client-id 0oa1b2c3d4 --private-key-env OKTA_KEY --state st"
    })
final class PollCommand implements Callable<Integer> {
  /*
   * Each page is processed whole before anything is checkpointed: its events go through the
   * uuid filter into the engine, the alerts they release are written and fsynced, and only then
   * the checkpoint (next cursor + engine snapshot + seen uuids + alert-file length) replaces the
   * old one. A crash anywhere before the rename replays exactly that page on restart, from the
   * state that preceded it; the alert file is cut back and the stdout journal skips what was
   * already printed, so nothing is doubled.
   *
   * --once releases the engine's ordering buffer when caught up, so a cron run reports everything
   * it saw; an event that then arrives later than the out-of-order window is still processed
   * (counted as late by the engine), only out of order.
   */
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  @Spec CommandSpec spec;

  @Option(names = "--org", required = true, paramLabel = "URL", description = "The Okta org, e.g. https://acme.okta.com.")
  String org;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Environment variable holding the API token (ssws) or access token (bearer).")
  @Nullable String tokenEnv;

  @Option(names = "--auth", paramLabel = "ssws|bearer|private-key-jwt", defaultValue = "ssws",
      description = "How to authenticate (see above). Default: ${DEFAULT-VALUE}.")
  String auth;

  @Option(names = "--client-id", paramLabel = "ID", description = "(private-key-jwt) The API service app's client id.")
  @Nullable String clientId;

  @Option(names = "--private-key-env", paramLabel = "VAR",
      description = "(private-key-jwt) Environment variable holding the app's private key, PKCS#8 PEM or JWK JSON.")
  @Nullable String privateKeyEnv;

  @Option(names = "--key-id", paramLabel = "KID",
      description = "(private-key-jwt) Key id registered in Okta (default: the JWK's kid, if any).")
  @Nullable String keyId;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Checkpoint the cursor, detection state and alert position here after every page.")
  @Nullable Path state;

  @Option(names = "--interval", paramLabel = "D", defaultValue = "60s",
      description = "Wait between polls once caught up (e.g. 30s, 5m). Default: ${DEFAULT-VALUE}.")
  String interval;

  @Option(names = "--since", paramLabel = "ISO",
      description = "Start at this instant (e.g. 2024-08-13T00:00:00Z) when there is no checkpoint. Default: one hour ago.")
  @Nullable String since;

  @Option(names = "--once", description = "Poll until caught up (an empty page), checkpoint, and exit.")
  boolean once;

  @Option(names = {"-o", "--output"}, paramLabel = "ALERTS", description = "Append alerts to this file (default: standard output).")
  @Nullable Path output;

  @Option(names = "--format", paramLabel = "jsonl|ocsf", defaultValue = "jsonl",
      description = "Alert format: jsonl (sidguard's schema) or ocsf (OCSF Detection Finding). Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin DetectionOptions detection;


  @Option(names = {"-v", "--verbose"}, description = "Log every request (URL and status) to standard error.")
  boolean verbose;

  Function<String, @Nullable String> env = System::getenv;
  Sleeper sleeper = Sleeper.SYSTEM;
  Duration requestTimeout = Duration.ofSeconds(60);

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    AlertFormat alertFormat = DetectCommand.alertFormat(spec, format);
    Duration pause = duration(interval);
    URI origin = OktaLogClient.origin(org);
    Instant start = since == null ? sleeper.now().minus(Duration.ofHours(1)) : instant(since);
    HttpClient http = OktaLogClient.httpClient();
    Credential credential = credential(origin, http);
    DetectConfig cfg = detection.config();
    Watchlist wl = detection.watchlist();

    PollState st = state == null ? null : PollState.open(state);
    PollState.Checkpoint cp = st == null ? null : st.read();
    String outputName = output == null ? "-" : output.toAbsolutePath().normalize().toString();
    if (cp != null && !cp.org().equals(origin.toString())) {
      throw new PollException(state + ": the checkpoint is for " + cp.org() + ", not " + origin
          + "; use another --state directory per org");
    }
    PollAlerts alerts = output == null
        ? PollAlerts.toStdout(spec.commandLine().getOut(), st == null ? null : st.journal())
        : PollAlerts.toFile(output, cp != null && cp.output().equals(outputName) ? cp.outputLength() : -1);
    AlertWriter[] writer = new AlertWriter[1];
    Engine engine = new Engine(cfg, Rules.builtIn(cfg, wl), a -> alerts.write(a.id(), writer[0].line(a)));
    writer[0] = new AlertWriter(alertFormat, engine.rules(), DetectCommand.version());
    RecentUuids seen = new RecentUuids(cfg.outOfOrderWindow().toMillis());
    OktaLogClient client = new OktaLogClient(origin, credential, http, sleeper, requestTimeout,
        (uri, outcome) -> {
          if (verbose) {
            err.println("poll: GET " + uri.getRawPath() + "?" + uri.getRawQuery() + ": " + outcome);
            err.flush();
          }
        });

    URI cursor;
    long alertsBefore = 0;
    if (cp != null) {
      engine.restore(new ByteArrayInputStream(cp.engine().getBytes(StandardCharsets.UTF_8)));
      seen.restore(cp.seen());
      cursor = URI.create(cp.cursor());
      alertsBefore = cp.alerts();
      if (since != null) {
        err.println("poll: resuming from the checkpoint in " + state + "; --since is ignored");
      } else {
        err.println("poll: resuming from the checkpoint in " + state);
      }
      err.flush();
    } else {
      cursor = client.firstPage(start);
    }

    Run run = new Run();
    try {
      while (true) {
        OktaLogClient.Page page = client.get(cursor);
        run.pages++;
        long records = 0;
        EventReader reader = EventReader.open(new ByteArrayInputStream(page.body()), "page " + run.pages
            + " (" + cursor.getRawPath() + ")");
        try {
          for (OktaEvent e = reader.next(); e != null; e = reader.next()) {
            records++;
            if (seen.firstTime(e)) {
              run.events++;
              engine.accept(e);
            } else {
              run.duplicates++;
            }
          }
          records += reader.malformedCount();
          run.malformed += reader.malformedCount();
          for (EventReader.Malformed m : reader.malformed()) {
            err.println("poll: skipped " + m);
          }
        } finally {
          reader.close();
        }
        boolean caughtUp = records == 0;
        if (caughtUp && once) {
          engine.flush();
        }
        boolean moved = !page.next().equals(cursor) || records > 0;
        cursor = page.next();
        if (st != null && (moved || caughtUp && once)) {
          st.checkpoint(origin.toString(), cursor.toString(), outputName, alerts, alertsBefore, engine, seen);
        } else {
          alerts.sync();
        }
        if (caughtUp) {
          if (once) {
            break;
          }
          if (verbose) {
            err.println("poll: caught up after " + run.events + " events; next poll in " + pause.toSeconds() + " s");
            err.flush();
          }
          sleeper.sleep(pause);
        }
      }
    } finally {
      alerts.close();
    }
    StringBuilder line = new StringBuilder("poll: ").append(run.events).append(run.events == 1 ? " event" : " events")
        .append(" from ").append(run.pages).append(run.pages == 1 ? " request" : " requests");
    if (run.duplicates > 0) {
      line.append(", ").append(run.duplicates).append(" duplicates dropped");
    }
    if (run.malformed > 0) {
      line.append(", ").append(run.malformed).append(" malformed");
    }
    if (client.rateLimitWaits() > 0) {
      line.append(", ").append(client.rateLimitWaits()).append(" rate-limit waits");
    }
    line.append("; ").append(alerts.emitted()).append(alerts.emitted() == 1 ? " alert" : " alerts")
        .append("; caught up");
    err.println(line);
    err.flush();
    return alerts.emitted() > 0 ? Sidguard.FINDINGS : Sidguard.OK;
  }

  private Credential credential(URI origin, HttpClient http) {
    String mode = auth.toLowerCase(Locale.ROOT);
    if (mode.equals("private-key-jwt")) {
      if (clientId == null || privateKeyEnv == null) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--auth private-key-jwt needs --client-id and --private-key-env");
      }
      String key = secret(privateKeyEnv, "the service app's private key (PKCS#8 PEM or JWK JSON)");
      return new ServiceAppToken(origin, clientId.strip(), ServiceAppToken.signingKey(privateKeyEnv, key, keyId),
          http, sleeper, requestTimeout);
    }
    String scheme = switch (mode) {
      case "ssws" -> "SSWS";
      case "bearer" -> "Bearer";
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--auth must be ssws, bearer or private-key-jwt, not '" + auth + "'");
    };
    if (tokenEnv == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--auth " + mode + " needs --token-env VAR");
    }
    return Credential.fixed(scheme, secret(tokenEnv, mode.equals("ssws") ? "the Okta API token"
        : "the OAuth access token").strip());
  }

  private String secret(String variable, String what) {
    String value = env.apply(variable);
    if (value == null || value.isBlank()) {
      throw new PollException("environment variable " + variable + " is not set or empty; put " + what + " there");
    }
    return value;
  }

  /** Counters of one run, for the summary line. */
  private static final class Run {
    long pages;
    long events;
    long duplicates;
    long malformed;
  }

  private Duration duration(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    Duration d = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d = switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    } else {
      try {
        d = Duration.parse(text.strip());
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--interval must be a duration of at least 1s such as 30s, 5m or PT1M, not '" + text + "'");
    }
    return d;
  }

  private Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--since must be an ISO-8601 instant such as 2024-08-13T00:00:00Z, not '" + text + "'");
    }
  }
}
