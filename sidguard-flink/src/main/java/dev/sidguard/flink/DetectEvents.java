package dev.sidguard.flink;

import dev.sidguard.detect.Alert;
import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.AlertWriter;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.DetectCore;
import dev.sidguard.detect.EventParser;
import dev.sidguard.detect.KeyedState;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.StateBackend;
import dev.sidguard.detect.Watchlist;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;
import org.jspecify.annotations.Nullable;

/*
 * The detection operator: detect's DetectCore over Flink event time and Flink keyed state. Keyed
 * by (tenant, actor); see RouteEvents for why every state key an event touches lives in its
 * partition.
 *
 * Ordering. An event is buffered in MapState under its event time with an event-time timer at
 * that time. The watermark is maxSeen - window - 1 (bounded out-of-orderness), so the timer fires
 * exactly when the embedded engine would release the event (published < maxSeen - window); the
 * timer then runs the key's events of that millisecond in uuid order, i.e. (published, uuid) order
 * per key, which is all the core needs. With parallel sources the watermark is the slowest
 * input's, so release comes later but in the same order.
 *
 * Clock and expiry. The state clock is the released event's time: the embedded engine's clock is
 * the largest released time, which equals the current event's time for every event that is not
 * late, so expiries are the same. Each rule state is a MapState of (expiresAt, value); reads treat
 * expired entries as absent, like the embedded engine. One cleanup timer per key, at the earliest
 * expiry known when it was set: when it fires it drops every expired entry and re-arms at the
 * earliest remaining expiry, or, when none remain, leaves the key with no state and no timer.
 *
 * Late events (time <= the watermark on arrival: later than the window behind the fastest-moving
 * input) are processed at once, as the embedded engine does, with the watermark as clock (the
 * embedded clock is the largest released time, at most the same value), counted in the
 * lateEvents metric and copied to the "late-events" side output.
 *
 * observedSince is a job parameter, identical in every subtask, so warm-up decisions do not
 * depend on which subtask saw which event first.
 */
final class DetectEvents extends KeyedProcessFunction<String, KeyedEvent, TenantAlert> {
  static final OutputTag<String> LATE = new OutputTag<>("late-events", Types.STRING);
  private static final long serialVersionUID = 1L;
  private static final Comparator<OktaEvent> UUID_ORDER = Comparator.comparing(OktaEvent::uuid);

  private final JobSettings settings;
  private transient @Nullable DetectCore core;
  private transient @Nullable EventParser parser;
  private transient @Nullable AlertWriter writer;
  private transient @Nullable MapState<Long, List<String>> buffer;
  private transient @Nullable ValueState<Long> cleanupAt;
  private transient List<MapState<String, ? extends Stamped<?>>> states;
  private transient @Nullable Counter late;
  // per call
  private transient long clock;
  private transient @Nullable TimerService timers;
  private transient @Nullable Collector<TenantAlert> out;
  private transient String tenant;

  DetectEvents(JobSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    DetectConfig config = settings.config();
    Watchlist watchlist = settings.watchlist();
    states = new ArrayList<>();
    buffer = getRuntimeContext().getMapState(new MapStateDescriptor<>("sidguard/buffer", LongSerializer.INSTANCE,
        new ListSerializer<>(StringSerializer.INSTANCE)));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("sidguard/cleanup-at", LongSerializer.INSTANCE));
    core = new DetectCore(config, Rules.builtIn(config, watchlist), new Backend(), this::emit);
    if (settings.observedSince() != OktaEvent.NO_TIME) {
      core.observedSince(settings.observedSince());
    }
    parser = new EventParser();
    writer = new AlertWriter(settings.format(), core.rules(), settings.productVersion());
    late = getRuntimeContext().getMetricGroup().counter("lateEvents");
  }

  @Override
  public void processElement(KeyedEvent e, Context ctx, Collector<TenantAlert> collector) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (e.time() > watermark) {
      MapState<Long, List<String>> b = get(buffer);
      List<String> at = b.get(e.time());
      List<String> next = new ArrayList<>(at == null ? 1 : at.size() + 1);
      if (at != null) {
        next.addAll(at);
      }
      next.add(e.json());
      b.put(e.time(), next);
      ctx.timerService().registerEventTimeTimer(e.time());
      return;
    }
    get(late).inc();
    ctx.output(LATE, e.json());
    begin(ctx.timerService(), collector, e.tenant(), Math.max(e.time(), watermark));
    get(core).process(parse(e.json()));
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<TenantAlert> collector) throws Exception {
    String key = ctx.getCurrentKey();
    begin(ctx.timerService(), collector, key.substring(0, key.indexOf('\u0000')), time);
    MapState<Long, List<String>> b = get(buffer);
    List<String> due = b.get(time);
    if (due != null) {
      b.remove(time);
      List<OktaEvent> events = new ArrayList<>(due.size());
      for (String json : due) {
        events.add(parse(json));
      }
      events.sort(UUID_ORDER);
      for (OktaEvent e : events) {
        get(core).process(e);
      }
    }
    Long cleanup = get(cleanupAt).value();
    if (cleanup != null && cleanup <= time) {
      sweep(time);
    }
  }

  private void begin(TimerService t, Collector<TenantAlert> collector, String keyTenant, long now) {
    timers = t;
    out = collector;
    tenant = keyTenant;
    clock = now;
  }

  /** Drops expired entries; re-arms the cleanup timer at the earliest remaining expiry, if any. */
  private void sweep(long now) throws Exception {
    long next = Long.MAX_VALUE;
    for (MapState<String, ? extends Stamped<?>> s : states) {
      Iterator<? extends Map.Entry<String, ? extends Stamped<?>>> it = s.iterator();
      while (it.hasNext()) {
        long expiresAt = it.next().getValue().expiresAt();
        if (expiresAt <= now) {
          it.remove();
        } else if (expiresAt < next) {
          next = expiresAt;
        }
      }
      if (s.isEmpty()) {
        s.clear();
      }
    }
    ValueState<Long> c = get(cleanupAt);
    if (next == Long.MAX_VALUE) {
      c.clear();
    } else {
      c.update(next);
      get(timers).registerEventTimeTimer(next);
    }
  }

  private OktaEvent parse(String json) {
    return get(parser).parse(json.getBytes(StandardCharsets.UTF_8), "event");
  }

  private void emit(Alert a) {
    byte[] line = get(writer).line(a);
    int n = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
    get(out).collect(new TenantAlert(tenant, a.id(), new String(line, 0, n, StandardCharsets.UTF_8)));
  }

  private static <T> T get(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("operator not opened");
    }
    return t;
  }

  /** Creates each declared state as a Flink MapState of stamped values for the current key. */
  private final class Backend implements StateBackend {
    @Override
    public <V> KeyedState<V> create(String namespace, Class<V> type, Duration ttl) {
      MapState<String, Stamped<V>> map = getRuntimeContext().getMapState(
          new MapStateDescriptor<>(namespace, StringSerializer.INSTANCE, new StampedSerializer<>(type)));
      states.add(map);
      return new FlinkKeyedState<>(map, ttl.toMillis());
    }
  }

  /** A rule's keyed state on one Flink MapState, expiring by event time like the embedded engine's. */
  private final class FlinkKeyedState<V> implements KeyedState<V> {
    private final MapState<String, Stamped<V>> map;
    private final long ttl;

    FlinkKeyedState(MapState<String, Stamped<V>> map, long ttl) {
      this.map = map;
      this.ttl = ttl;
    }

    @Override
    public @Nullable V get(String key) {
      try {
        Stamped<V> s = map.get(key);
        if (s == null) {
          return null;
        }
        if (s.expiresAt() <= clock) {
          map.remove(key);
          return null;
        }
        return s.value();
      } catch (Exception e) {
        throw new FlinkRuntimeException("reading keyed state failed", e);
      }
    }

    @Override
    public void put(String key, V value) {
      long expiresAt = clock + ttl;
      try {
        map.put(key, new Stamped<>(expiresAt, value));
        ValueState<Long> c = DetectEvents.get(cleanupAt);
        if (c.value() == null) {
          c.update(expiresAt);
          DetectEvents.get(timers).registerEventTimeTimer(expiresAt);
        }
      } catch (Exception e) {
        throw new FlinkRuntimeException("writing keyed state failed", e);
      }
    }

    @Override
    public void remove(String key) {
      try {
        map.remove(key);
      } catch (Exception e) {
        throw new FlinkRuntimeException("writing keyed state failed", e);
      }
    }
  }
}
