package dev.sidguard.bench;

import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Heap retained by the engine per tracked session, without JOL: the heap in use after a full GC
 * with an engine that has seen N sessions (state kept alive, nothing expired), minus the heap with
 * an empty engine, divided by the sessions and by the keyed-state entries.
 *
 * <p>Run: {@code java -cp sidguard-bench/target/benchmarks.jar dev.sidguard.bench.StateFootprint [events]}.
 */
public final class StateFootprint {
  private StateFootprint() {}

  public static void main(String[] args) throws IOException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    Path file = Files.createTempFile("sidguard-footprint-", ".ndjson");
    try {
      int replays = new OktaEventGenerator(7L, 50_000).write(file, events);
      System.out.printf("replays planted: %d%n", replays);
      DetectConfig config = DetectConfig.parse("admin_egress_cidrs: [203.0.113.0/24]\nsession_lifetime: 30d\n"
          + "learning_window: 30d\n", "footprint.yaml");
      Engine engine = new Engine(config, Rules.builtIn(config, DetectBenchmark.watchlist()), a -> { });
      long before = used();
      Set<String> sessions = new HashSet<>();
      Set<String> users = new HashSet<>();
      try (EventReader r = EventReader.open(file)) {
        for (OktaEvent e = r.next(); e != null; e = r.next()) {
          engine.accept(e);
          if (e.sessionId() != null) {
            sessions.add(e.sessionId());
          }
          if (e.user() != null) {
            users.add(e.user());
          }
        }
      }
      engine.flush();
      int sessionCount = sessions.size();
      int userCount = users.size();
      sessions = null;
      users = null;
      long after = used();
      Engine.Stats stats = engine.stats();
      long bytes = after - before;
      System.out.printf("events %,d  sessions %,d  users %,d  keyed-state entries %,d%n", events, sessionCount,
          userCount, stats.trackedKeys());
      System.out.printf("engine heap %,d bytes = %,.0f bytes per tracked session (all per-session and per-user "
          + "state included), %,.0f bytes per keyed-state entry%n", bytes, (double) bytes / sessionCount,
          (double) bytes / stats.trackedKeys());
      System.out.printf("alerts by rule: %s (replays planted: see the generator's count)%n", stats.alertsByRule());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static long used() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
