package dev.sidguard.flink;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.DetectRun;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Watchlist;
import dev.sidguard.sim.Labels;
import dev.sidguard.sim.TenantSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A simulated tenant written to a temporary NDJSON file, with its configuration and watchlist, and the embedded engine's alerts on it. */
record SimTenant(Path events, long count, String configYaml, String watchlistJsonl) {
  private static final Map<String, SimTenant> CACHE = new HashMap<>();

  /** The tenant of (users, days, seed), generated once per test JVM. */
  static synchronized SimTenant of(int users, int days, long seed) {
    return CACHE.computeIfAbsent(users + "x" + days + "s" + seed, k -> generate(users, days, seed));
  }

  private static SimTenant generate(int users, int days, long seed) {
    try {
      Path dir = Files.createTempDirectory("sidguard-flink-sim");
      dir.toFile().deleteOnExit();
      Path events = dir.resolve("events.ndjson");
      events.toFile().deleteOnExit();
      Labels labels;
      try (OutputStream out = Files.newOutputStream(events)) {
        labels = TenantSimulator.builder().users(users).days(days).seed(seed).build().write(out);
      }
      String watchlist = labels.exposure() == null ? ""
          : new String(labels.exposure().watchlistJsonl(), StandardCharsets.UTF_8);
      return new SimTenant(events, labels.events(), labels.tenant().yaml(), watchlist);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JobSettings settings(long observedSince) {
    return new JobSettings(configYaml, "sim.yaml", watchlistJsonl, "sim.watchlist.jsonl", observedSince, null,
        AlertFormat.JSONL, "test");
  }

  DetectConfig config() {
    return DetectConfig.parse(configYaml, "sim.yaml");
  }

  Watchlist watchlist() {
    return watchlistJsonl.isEmpty() ? Watchlist.empty() : Watchlist.parse(watchlistJsonl, "sim.watchlist.jsonl");
  }

  /** The alert lines `sidguard detect` (the embedded engine) writes for this tenant's events. */
  List<String> embeddedAlerts() {
    return Embedded.alerts(List.of(events), config(), watchlist());
  }

  /** Helpers for running the embedded engine the way the CLI does. */
  static final class Embedded {
    private Embedded() {}

    static List<String> alerts(List<Path> inputs, DetectConfig config, Watchlist watchlist) {
      try {
        Path out = Files.createTempFile("sidguard-embedded", ".jsonl");
        try {
          DetectRun.builder().inputs(inputs.stream().map(Path::toString).toList()).config(config)
              .watchlist(watchlist).format(AlertFormat.JSONL).productVersion("test").output(out).build().run();
          return new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        } finally {
          Files.deleteIfExists(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static long earliest(Path file) {
    long t = DetectJob.earliest(file);
    return t == OktaEvent.NO_TIME ? 0 : t;
  }
}
