package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.DetectCore;
import dev.sidguard.detect.EventReader;
import dev.sidguard.detect.KeyedState;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.StateBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The claim the job's partitioning rests on: every state key the detection core reads or writes
 * for an event is that event's session or user (or a dedup key made of them), and every session
 * and every user belongs to exactly one actor partition.
 */
class PartitioningTest {
  private static final SimTenant TENANT = SimTenant.of(800, 7, 7);

  @Test
  void simulatedTenant_everySessionAndUser_livesInOneActorPartition() {
    List<OktaEvent> events = read(TENANT.events());
    assertPartitioned(events);
  }

  @Test
  void ruleSamplesAndThe2023Chain_everySessionAndUser_livesInOneActorPartition() throws IOException {
    List<OktaEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Samples.path(""))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
        events.addAll(read(f));
      }
    }
    events.addAll(read(Samples.path("../chain-2023.ndjson")));
    assertThat(events).hasSizeGreaterThan(100);
    assertPartitioned(events);
  }

  @Test
  void simulatedTenant_everyStateKeyTheCoreTouches_isTheEventsSessionOrUser() {
    DetectConfig config = TENANT.config();
    Recorder recorder = new Recorder();
    DetectCore core = new DetectCore(config, Rules.builtIn(config, TENANT.watchlist()), recorder, a -> { });
    long processed = 0;
    try (EventReader r = EventReader.open(TENANT.events())) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        recorder.current = e;
        core.process(e);
        processed++;
      }
    }
    assertThat(processed).isEqualTo(TENANT.count());
    assertThat(recorder.touched).as("state was used").isGreaterThan(processed);
    assertThat(recorder.foreign).as("keys outside the event's session and user").isEmpty();
  }

  private static void assertPartitioned(List<OktaEvent> events) {
    Map<String, Set<String>> partitionsOfSession = new HashMap<>();
    Map<String, Set<String>> partitionsOfUser = new HashMap<>();
    for (OktaEvent e : events) {
      String partition = RouteEvents.actor(e);
      if (e.sessionId() != null) {
        partitionsOfSession.computeIfAbsent(e.sessionId(), k -> new HashSet<>()).add(partition);
      }
      if (e.user() != null) {
        partitionsOfUser.computeIfAbsent(e.user(), k -> new HashSet<>()).add(partition);
      }
    }
    assertThat(partitionsOfSession).isNotEmpty();
    assertThat(partitionsOfSession.entrySet()).filteredOn(en -> en.getValue().size() != 1).isEmpty();
    assertThat(partitionsOfUser.entrySet()).filteredOn(en -> en.getValue().size() != 1).isEmpty();
  }

  private static List<OktaEvent> read(Path file) {
    List<OktaEvent> out = new ArrayList<>();
    try (EventReader r = EventReader.open(file)) {
      for (OktaEvent e = r.next(); e != null; e = r.next()) {
        out.add(e);
      }
    }
    return out;
  }

  /** A state backend that checks each key against the event being processed (values kept without expiry). */
  private static final class Recorder implements StateBackend {
    @Nullable OktaEvent current;
    long touched;
    final Set<String> foreign = new HashSet<>();

    @Override
    public <V> KeyedState<V> create(String namespace, Class<V> type, Duration ttl) {
      Map<String, V> map = new HashMap<>();
      return new KeyedState<>() {
        @Override
        public @Nullable V get(String key) {
          check(namespace, key);
          return map.get(key);
        }

        @Override
        public void put(String key, V value) {
          check(namespace, key);
          map.put(key, value);
        }

        @Override
        public void remove(String key) {
          check(namespace, key);
          map.remove(key);
        }
      };
    }

    private void check(String namespace, String key) {
      OktaEvent e = Objects.requireNonNull(current);
      touched++;
      String sid = e.sessionId();
      String user = e.user();
      boolean own = key.equals(sid) || key.equals(user)
          || (sid != null && key.endsWith("|s:" + sid)) || key.endsWith("|u:" + user);
      if (!own && foreign.size() < 20) {
        foreign.add(namespace + " " + e.eventType());
      }
    }
  }
}
