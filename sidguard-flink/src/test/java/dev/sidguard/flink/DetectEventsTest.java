package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detection operator on its own: release by watermark, alerts, late events, and state expiry. */
class DetectEventsTest {
  private static final String SAMPLE = "session-replay/positive-hosting-abroad.ndjson";
  private static final String CONFIG = Samples.text("config.yaml");
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir
  Path tmp;

  private static KeyedOneInputStreamOperatorTestHarness<String, KeyedEvent, TenantAlert> harness(long observedSince)
      throws Exception {
    JobSettings settings = new JobSettings(CONFIG, "config.yaml", "", "", observedSince, null, AlertFormat.JSONL,
        "test");
    KeyedOneInputStreamOperatorTestHarness<String, KeyedEvent, TenantAlert> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DetectEvents(settings), KeyedEvent::key, Types.STRING);
    return h;
  }

  private static long stateKeys(KeyedOneInputStreamOperatorTestHarness<String, KeyedEvent, TenantAlert> h,
      String state) {
    return h.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE).count();
  }

  @Test
  void replaySample_releasedByWatermark_alertsLikeTheEmbeddedEngine_thenExpiredStateAndTimersAreCleared()
      throws Exception {
    List<KeyedEvent> events = Samples.lines(SAMPLE).stream().map(Samples::keyed).toList();
    long first = events.stream().mapToLong(KeyedEvent::time).min().orElseThrow();
    long last = events.stream().mapToLong(KeyedEvent::time).max().orElseThrow();
    Path file = tmp.resolve("sample.ndjson");
    Files.writeString(file, Samples.text(SAMPLE), StandardCharsets.UTF_8);
    List<String> expected = SimTenant.Embedded.alerts(List.of(file), DetectConfig.parse(CONFIG, "config.yaml"),
        Watchlist.empty());
    assertThat(expected).isNotEmpty();

    try (var h = harness(first)) {
      h.open();
      for (KeyedEvent e : events) {
        h.processElement(e, e.time());
      }
      assertThat(h.extractOutputValues()).as("nothing is released before the watermark passes it").isEmpty();
      h.processWatermark(last);
      assertThat(h.extractOutputValues().stream().map(TenantAlert::json).collect(Collectors.toList()))
          .containsExactlyElementsOf(expected);
      assertThat(stateKeys(h, "session-replay/sessions")).isEqualTo(1);
      assertThat(stateKeys(h, "engine/alerts")).isEqualTo(1);
      assertThat(stateKeys(h, "sidguard/buffer")).isZero();
      assertThat(h.numEventTimeTimers()).as("one cleanup timer per key").isEqualTo(1);

      // past the session lifetime (12 h): session state and dedup go, learned networks (30 days) stay
      h.processWatermark(last + 13 * HOUR);
      assertThat(stateKeys(h, "session-replay/sessions")).isZero();
      assertThat(stateKeys(h, "token-without-mfa/sessions")).isZero();
      assertThat(stateKeys(h, "engine/alerts")).isZero();
      assertThat(stateKeys(h, "engine/session-alerts")).isZero();
      assertThat(stateKeys(h, "admin-console-new-network/known-networks")).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      // past every time-to-live: nothing left for the key, not even a timer
      h.processWatermark(last + 400 * 24 * HOUR);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void eventsOfOneMillisecond_arrivingInReverse_areReleasedTogetherInUuidOrder() throws Exception {
    List<KeyedEvent> events = Samples.lines(SAMPLE).stream().map(Samples::keyed).toList();
    long first = events.get(0).time();
    try (var inOrder = harness(first); var reversed = harness(first)) {
      inOrder.open();
      reversed.open();
      for (KeyedEvent e : events) {
        inOrder.processElement(e, e.time());
      }
      for (int i = events.size() - 1; i >= 0; i--) {
        reversed.processElement(events.get(i), events.get(i).time());
      }
      inOrder.processWatermark(Long.MAX_VALUE - 1);
      reversed.processWatermark(Long.MAX_VALUE - 1);
      assertThat(reversed.extractOutputValues()).isNotEmpty().isEqualTo(inOrder.extractOutputValues());
    }
  }

  @Test
  void eventBehindTheWatermark_isProcessedAtOnce_andCopiedToTheLateOutput() throws Exception {
    List<KeyedEvent> events = Samples.lines(SAMPLE).stream().map(Samples::keyed).toList();
    KeyedEvent start = events.get(0);
    try (var h = harness(start.time())) {
      h.open();
      h.processWatermark(start.time() + HOUR);
      h.processElement(start, start.time());
      assertThat(h.getSideOutput(DetectEvents.LATE)).extracting(StreamRecord::getValue).containsExactly(start.json());
      assertThat(stateKeys(h, "session-replay/sessions")).as("processed, not buffered").isEqualTo(1);
      assertThat(stateKeys(h, "sidguard/buffer")).isZero();
    }
  }
}
