package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final DetectConfig CONFIG = DetectConfig.parse(
      "admin_egress_cidrs: [203.0.113.0/24]\n", "test.yaml");

  @Test
  void replayedSession_manyEvents_oneAlertPerRuleAndSession() {
    List<OktaEvent> events = new ArrayList<>(Runs.resource("rules/session-replay/positive-hosting-abroad.ndjson"));
    OktaEvent replay = events.get(events.size() - 1);
    for (int i = 1; i <= 5; i++) {
      events.add(Events.copy(replay, "replay-" + i, replay.publishedMillis() + i * 60_000L));
    }
    List<Alert> alerts = Runs.run(CONFIG, Watchlist.empty(), events);
    assertThat(alerts.stream().filter(a -> a.rule().equals("session-replay"))).hasSize(1);
  }

  @Test
  void higherSeverityLater_isANewAlertEscalatingTheFirst() {
    List<OktaEvent> sameNetworkOtherBrowser =
        Runs.resource("rules/session-replay/positive-same-network-other-browser-family.ndjson");
    OktaEvent last = sameNetworkOtherBrowser.get(sameNetworkOtherBrowser.size() - 1);
    List<OktaEvent> events = new ArrayList<>(sameNetworkOtherBrowser);
    events.add(Events.fromHosting(last, "escalate-1", last.publishedMillis() + 60_000));
    List<Alert> replay = Runs.run(CONFIG, Watchlist.empty(), events).stream()
        .filter(a -> a.rule().equals("session-replay")).toList();
    assertThat(replay).extracting(Alert::severity).containsExactly(Severity.MEDIUM, Severity.HIGH);
    assertThat(replay.get(0).escalates()).isNull();
    assertThat(replay.get(1).escalates()).isEqualTo(replay.get(0).id());
  }

  @Test
  void snapshotAndRestoreMidStream_givesTheSameAlertsAsOneRun() throws IOException {
    List<OktaEvent> events = Runs.resource("chain-2023.ndjson");
    List<Alert> whole = Runs.run(CONFIG, Watchlist.empty(), events);
    for (int cut = 0; cut <= events.size(); cut++) {
      List<Alert> alerts = new ArrayList<>();
      Engine first = new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), alerts::add);
      events.subList(0, cut).forEach(first::accept);
      ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
      first.writeSnapshot(snapshot);
      Engine second = new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), alerts::add);
      second.restore(new ByteArrayInputStream(snapshot.toByteArray()));
      events.subList(cut, events.size()).forEach(second::accept);
      second.flush();
      assertThat(alerts).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void snapshot_keepsBufferedEventsWithoutLocationOrAsn() throws IOException {
    List<OktaEvent> events = Runs.ndjson(EventReaderTest.E1 + "\n" + EventReaderTest.E2 + "\n");
    Engine first = new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), a -> { });
    events.forEach(first::accept);
    assertThat(first.stats().buffered()).isEqualTo(2);
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    first.writeSnapshot(snapshot);
    Engine second = new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), a -> { });
    second.restore(new ByteArrayInputStream(snapshot.toByteArray()));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    second.writeSnapshot(again);
    assertThat(again.toString()).isEqualTo(snapshot.toString());
    assertThat(second.stats().buffered()).isEqualTo(2);
  }

  @Test
  void sessionState_expiresAfterTheSessionLifetime() {
    DetectConfig config = DetectConfig.parse(
        "session_lifetime: 1h\nlearning_window: 2h\ntravel: {max_speed_kmh: 50000}\n", "t.yaml");
    List<OktaEvent> events = Runs.resource("rules/session-replay/positive-hosting-abroad.ndjson");
    OktaEvent last = events.get(events.size() - 1);
    List<Alert> alerts = new ArrayList<>();
    Engine engine = new Engine(config, Rules.builtIn(config, Watchlist.empty()), alerts::add);
    events.subList(0, 3).forEach(engine::accept);
    engine.flush();
    long tracked = engine.stats().trackedKeys();
    assertThat(tracked).isPositive();
    engine.accept(Events.anonymous(events.get(0), "far-later", last.publishedMillis() + 3 * 3_600_000L));
    engine.flush();
    engine.sweep();
    assertThat(engine.stats().trackedKeys()).isZero();
    engine.accept(Events.copy(last, "replay-after-expiry", last.publishedMillis() + 3 * 3_600_000L + 1000));
    engine.flush();
    assertThat(alerts).as("a session forgotten after its lifetime is born again")
        .noneMatch(a -> a.rule().equals("session-replay"));
  }

  @Test
  void allowListedUser_raisesNothing() {
    DetectConfig config = DetectConfig.parse(
        "admin_egress_cidrs: [203.0.113.0/24]\nallow: {users: [Alice.Admin@example.com]}\n", "t.yaml");
    List<Alert> alerts = Runs.run(config, Watchlist.empty(), Runs.resource("chain-2023.ndjson"));
    assertThat(alerts).isEmpty();
  }

  @Test
  void disabledRule_raisesNothing_andOthersStillRun() {
    DetectConfig config = DetectConfig.parse(
        "admin_egress_cidrs: [203.0.113.0/24]\nrules: {session-replay: {enabled: false}}\n", "t.yaml");
    List<Alert> alerts = Runs.run(config, Watchlist.empty(), Runs.resource("chain-2023.ndjson"));
    assertThat(alerts).extracting(Alert::rule).doesNotContain("session-replay").contains("admin-console-new-network");
  }

  @Test
  void configuredSeverity_replacesTheDefault() {
    DetectConfig config = DetectConfig.parse(
        "admin_egress_cidrs: [203.0.113.0/24]\nrules: {admin-console-new-network: {severity: low}}\n", "t.yaml");
    List<Alert> alerts = Runs.run(config, Watchlist.empty(), Runs.resource("chain-2023.ndjson"));
    assertThat(alerts).filteredOn(a -> a.rule().equals("admin-console-new-network"))
        .extracting(Alert::severity).containsExactly(Severity.LOW);
  }

  @Test
  void eventsLaterThanTheWindow_areProcessedAndCounted_eventsWithoutTimeAreSkipped() {
    List<OktaEvent> events = Runs.resource("chain-2023.ndjson");
    List<Alert> alerts = new ArrayList<>();
    Engine engine = new Engine(CONFIG, Rules.builtIn(CONFIG, Watchlist.empty()), alerts::add);
    events.subList(1, events.size()).forEach(engine::accept);
    engine.accept(events.get(0));
    engine.accept(Events.copy(events.get(0), "untimed", OktaEvent.NO_TIME));
    engine.flush();
    assertThat(engine.stats().late()).isEqualTo(1);
    assertThat(engine.stats().untimed()).isEqualTo(1);
    assertThat(engine.stats().events()).isEqualTo(events.size() + 1);
  }
}
