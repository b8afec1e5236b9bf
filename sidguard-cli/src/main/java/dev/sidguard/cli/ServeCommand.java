package dev.sidguard.cli;

import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard serve}: the local HAR web page and API, the Okta Event Hook endpoint, health and metrics. */
@Command(
    name = "serve",
    header = "Serve the HAR check page and API, and receive Okta Event Hooks for detection.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Serve a local web page where anyone can drop a HAR, see what the sanitizer",
      "finds and download the clean copy (the file never leaves this machine),",
      "the HTTP API behind it, and an Okta Event Hook endpoint that runs sidguard's",
      "detections on every delivered event, seconds after it happens. Routes:",
      "  GET  /            the HAR check page (open http://127.0.0.1:8080/)",
      "  POST /api/scan?policy=default|strict      body: a HAR; the scan report",
      "                    (JSON, as 'scan --format json')",
      "  POST /api/sanitize?policy=default|strict  body: a HAR; the sanitized HAR",
      "                    400 not a HAR, 413 over --max-upload",
      "  GET  /hooks/okta  Okta's one-time verification: echoes the",
      "                    x-okta-verification-challenge header as JSON",
      "  POST /hooks/okta  deliveries (data.events[]): 204 once queued, 401 wrong",
      "                    secret, 413 too large, 400 malformed, 503 queue full",
      "  GET  /healthz     liveness, small JSON",
      "  GET  /metrics     Prometheus text: events in, alerts out, duplicates,",
      "                    dropped, queue depth, lag",
      "",
      "Okta delivers only to https: put a TLS reverse proxy (nginx, Caddy, a load",
      "balancer) in front and let it forward to this port. Binds 127.0.0.1 unless",
      "--bind says otherwise. Deliveries are at least once: events are deduplicated",
      "by uuid. Hooks do not carry every event type (not the Admin Console access,",
      "for one): run 'sidguard poll' for full coverage.",
      "",
      "The hook secret is read from the environment variable named by",
      "--hook-secret-env and is never printed. Without it /hooks/okta is off (404).",
      "SIGTERM or Ctrl-C: stop accepting, drain the queue, checkpoint, exit 0.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  stopped by SIGTERM or Ctrl-C after draining and checkpointing",
      "  2  usage error, port in use, unreadable state, the engine failed",
      "",
      "Example: HOOK_SECRET=… sidguard serve --hook-secret-env HOOK_SECRET \\",
      "           --state /var/lib/sidguard/hooks --config acme.yaml -o alerts.jsonl"
    })
final class ServeCommand implements Callable<Integer> {
  /*
   * Start-up order: the pipeline (restoring any checkpoint) before the server, so the first
   * request finds the engine ready; the engine thread starts once the port is bound. Stop order is
   * the reverse: the server stops accepting and finishes requests in flight, then the pipeline
   * drains what was answered 204 and checkpoints. On SIGTERM that runs in a JVM shutdown hook,
   * which then halts with the exit code itself: the JVM would otherwise report 143 for a signal.
   */
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
      description = "TCP port (0: any free port, printed at start-up). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (only the local reverse proxy reaches it).")
  String bind;

  @Option(names = "--hook-secret-env", paramLabel = "VAR",
      description = "Environment variable holding the Event Hook's Authorization secret; without it the hook is off.")
  @Nullable String hookSecretEnv;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Checkpoint detection state, recent uuids and alert position here (periodically and on stop).")
  @Nullable Path state;

  @Option(names = {"-o", "--output"}, paramLabel = "ALERTS", description = "Append alerts to this file (default: standard output).")
  @Nullable Path output;

  @Mixin DetectionOptions detection;


  @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "10MiB",
      description = "Largest delivery accepted (413 above), e.g. 512KiB, 10MiB. Default: ${DEFAULT-VALUE}.")
  String maxBody;

  @Option(names = "--max-upload", paramLabel = "SIZE", defaultValue = "1GiB",
      description = "Largest HAR the page and /api/* accept (413 above), e.g. 200MiB. Default: ${DEFAULT-VALUE}.")
  String maxUpload;

  @Option(names = {"-v", "--verbose"}, description = "Log a line per checkpoint to standard error.")
  boolean verbose;

  Function<String, @Nullable String> env = System::getenv;
  HookPipeline.Limits limits = HookPipeline.Limits.DEFAULT;
  boolean handleSignals = true;
  @Nullable Path uploadTempDir;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private @Nullable ServeServer server;
  private @Nullable HookPipeline pipeline;
  private @Nullable ServeMetrics metrics;
  private boolean stopping;
  private volatile int exitCode = Sidguard.OK;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    long limit = size(maxBody, "--max-body");
    long uploadLimit = size(maxUpload, "--max-upload");
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    String secret = null;
    if (hookSecretEnv != null) {
      secret = env.apply(hookSecretEnv);
      if (secret == null || secret.isBlank()) {
        throw new PollException("environment variable " + hookSecretEnv + " is not set or empty; put the secret"
            + " configured as the Event Hook's Authorization header value there");
      }
      secret = secret.strip();
    }
    DetectConfig cfg = detection.config();
    Watchlist wl = detection.watchlist();

    ServeMetrics m = new ServeMetrics();
    HookPipeline p = HookPipeline.open(cfg, wl, state, output, spec.commandLine().getOut(), verbose ? err : null, m,
        limits, () -> new Thread(this::stop, "sidguard-stop").start());
    List<ServeServer.Routes> routes = new ArrayList<>();
    if (secret != null) {
      routes.add(new HookRoutes(secret, limit, p, m));
    }
    routes.add(new OpsRoutes(p, m, secret != null));
    routes.add(new WebRoutes(uploadLimit, uploadTempDir, m));
    ServeServer s;
    try {
      s = ServeServer.start(bind, port, limit, routes);
    } catch (RuntimeException e) {
      p.close();
      throw new PollException(bind + ":" + port + ": cannot listen there (" + rootMessage(e) + ")", e);
    }
    synchronized (this) {
      metrics = m;
      pipeline = p;
      server = s;
    }
    p.start();
    if (!isLoopback(bind)) {
      err.println("serve: warning: listening on " + bind + ", not only on this machine; keep it behind the TLS"
          + " reverse proxy and a firewall");
    }
    if (secret == null) {
      err.println("serve: no --hook-secret-env: /hooks/okta is off (404)");
    }
    if (p.resumed()) {
      err.println("serve: resuming from the checkpoint in " + state);
    }
    String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    err.println("serve: listening on http://" + host + ":" + s.port()
        + "/ (the HAR page; /api/scan, /api/sanitize" + (secret != null ? ", " + HookRoutes.PATH : "")
        + ", /healthz, /metrics)");
    err.flush();
    if (handleSignals) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        int code = stop();
        Runtime.getRuntime().halt(code);
      }, "sidguard-shutdown"));
    }
    stopped.await();
    Throwable failure = p.failure();
    if (failure != null) {
      throw new PollException("the engine stopped: " + Sidguard.describe(failure), failure);
    }
    return Sidguard.OK;
  }

  /** The port actually bound (after start-up). */
  synchronized int boundPort() {
    ServeServer s = server;
    return s == null ? -1 : s.port();
  }

  /**
   * Stops accepting, drains the queue into the engine, checkpoints; returns the exit code. A second
   * call waits for the first to finish and returns the same code.
   */
  int stop() {
    ServeServer s;
    HookPipeline p;
    ServeMetrics m;
    synchronized (this) {
      if (stopping) {
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return exitCode;
      }
      stopping = true;
      s = server;
      p = pipeline;
      m = metrics;
    }
    PrintWriter err = spec.commandLine().getErr();
    int code = Sidguard.OK;
    try {
      try {
        if (s != null) {
          s.close();
        }
      } catch (RuntimeException e) {
        err.println("serve: stopping the HTTP server failed (" + Sidguard.describe(e) + "); draining anyway");
        code = Sidguard.INPUT_ERROR;
      }
      if (p != null) {
        p.close();
        if (p.failure() != null) {
          code = Sidguard.INPUT_ERROR;
        }
      }
      if (m != null) {
        err.println("serve: " + m.eventsIn() + " events, " + m.duplicates() + " duplicates dropped, " + m.dropped()
            + " refused (queue full); " + m.alertsOut() + (m.alertsOut() == 1 ? " alert" : " alerts")
            + (state != null && code == Sidguard.OK ? "; checkpointed in " + state : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = Sidguard.INPUT_ERROR;
    } catch (RuntimeException e) {
      err.println("serve: stopping failed: " + Sidguard.describe(e));
      code = Sidguard.INPUT_ERROR;
    } finally {
      exitCode = code;
      err.flush();
      spec.commandLine().getOut().flush();
      stopped.countDown();
    }
    return code;
  }

  private static boolean isLoopback(String host) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return OktaLogClient.isLoopback(h);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private long size(String text, String option) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2);
      long factor = switch (unit) {
        case "kb" -> 1000L;
        case "mb" -> 1000_000L;
        case "gb" -> 1000_000_000L;
        case "k", "kib" -> 1L << 10;
        case "m", "mib" -> 1L << 20;
        case "g", "gib" -> 1L << 30;
        default -> 1L;
      };
      if (n > 0 && n <= Integer.MAX_VALUE / factor) {
        return n * factor;
      }
    }
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        option + " must be a size from 1 byte to 2 GiB such as 512KiB or 10MiB, not '" + text + "'");
  }
}
