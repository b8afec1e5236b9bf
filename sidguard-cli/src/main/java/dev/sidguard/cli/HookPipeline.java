package dev.sidguard.cli;

import dev.sidguard.detect.AlertFormat;
import dev.sidguard.detect.AlertWriter;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Engine;
import dev.sidguard.detect.OktaEvent;
import dev.sidguard.detect.Rules;
import dev.sidguard.detect.Watchlist;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * The one engine thread behind serve's HTTP threads. Request threads parse a delivery and offer its
 * events as one batch; the queue is bounded by events (not batches), and a batch that does not fit
 * is refused whole, so the caller can answer 503 and Okta delivers it again later. Only the engine
 * thread touches the engine, the uuid filter and the alert output, so none of them needs a lock.
 *
 * Checkpoints (with --state) are taken on the engine thread between batches, every N events or T
 * seconds when something changed, and once more after the queue is drained at close. They keep
 * the engine's ordering buffer in the snapshot rather than flushing it: a restart continues with
 * the buffer, so the alerts are those of one uninterrupted run. Without --state close() only
 * syncs the alert output.
 *
 * Shutdown: close() refuses further batches, queues a stop marker behind the pending ones and
 * waits for the thread, so every batch answered 204 reaches the engine before the checkpoint.
 */
final class HookPipeline implements AutoCloseable {
  static final String SOURCE = "okta-event-hook";

  /** How big the queue is and how often to checkpoint. */
  record Limits(int queueEvents, long checkpointEvents, Duration checkpointInterval) {
    static final Limits DEFAULT = new Limits(100_000, 20_000, Duration.ofSeconds(10));
  }

  /** Whether a batch was queued. */
  enum Offer { ACCEPTED, FULL, CLOSED }

  private final LinkedBlockingQueue<List<OktaEvent>> queue = new LinkedBlockingQueue<>();
  private final List<OktaEvent> stopMarker = new ArrayList<>(0);
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong processed = new AtomicLong();
  private final Limits limits;
  private final ServeMetrics metrics;
  private final Engine engine;
  private final PollAlerts alerts;
  private final RecentUuids seen;
  private final @Nullable PollState state;
  private final String outputName;
  private final long alertsBefore;
  private final boolean resumed;
  private final Thread thread;
  private final @Nullable PrintWriter log;
  private final Runnable onFailure;
  private boolean closed;
  private volatile @Nullable Throwable failure;

  private HookPipeline(Limits limits, ServeMetrics metrics, Engine engine, PollAlerts alerts,
      RecentUuids seen, @Nullable PollState state, String outputName, long alertsBefore, boolean resumed,
      @Nullable PrintWriter log, Runnable onFailure) {
    this.log = log;
    this.limits = limits;
    this.metrics = metrics;
    this.engine = engine;
    this.alerts = alerts;
    this.seen = seen;
    this.state = state;
    this.outputName = outputName;
    this.alertsBefore = alertsBefore;
    this.resumed = resumed;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "sidguard-engine");
    metrics.queueDepth(queued::get);
  }

  /**
   * Builds the engine and its alert output, restoring the checkpoint in {@code stateDir} when there
   * is one; {@code onFailure} runs (on the engine thread) if the engine thread dies.
   */
  static HookPipeline open(DetectConfig config, Watchlist watchlist, @Nullable Path stateDir, @Nullable Path output,
      PrintWriter stdout, @Nullable PrintWriter log, ServeMetrics metrics, Limits limits, Runnable onFailure)
      throws IOException {
    PollState st = stateDir == null ? null : PollState.openForServe(stateDir);
    PollState.Checkpoint cp = st == null ? null : st.read();
    String outputName = output == null ? "-" : output.toAbsolutePath().normalize().toString();
    PollAlerts alerts = output == null
        ? PollAlerts.toStdout(stdout, st == null ? null : st.journal())
        : PollAlerts.toFile(output, cp != null && cp.output().equals(outputName) ? cp.outputLength() : -1);
    AlertWriter[] writer = new AlertWriter[1];
    Engine engine = new Engine(config, Rules.builtIn(config, watchlist), a -> {
      alerts.write(a.id(), writer[0].line(a));
      metrics.alertOut();
    });
    writer[0] = new AlertWriter(AlertFormat.JSONL, engine.rules(), DetectCommand.version());
    RecentUuids seen = new RecentUuids(config.outOfOrderWindow().toMillis());
    long alertsBefore = 0;
    if (cp != null) {
      engine.restore(new ByteArrayInputStream(cp.engine().getBytes(StandardCharsets.UTF_8)));
      seen.restore(cp.seen());
      alertsBefore = cp.alerts();
    }
    return new HookPipeline(limits, metrics, engine, alerts, seen, st, outputName, alertsBefore, cp != null, log,
        onFailure);
  }

  /** Whether a checkpoint was restored. */
  boolean resumed() {
    return resumed;
  }

  /** Starts the engine thread (idempotent). */
  synchronized void start() {
    if (thread.getState() == Thread.State.NEW) {
      thread.start();
    }
  }

  /** Queues one delivery's events; FULL when they do not fit, CLOSED after close() or a failure. */
  synchronized Offer offer(List<OktaEvent> batch) {
    if (closed || failure != null) {
      return Offer.CLOSED;
    }
    int n = batch.size();
    if (n == 0) {
      return Offer.ACCEPTED;
    }
    int now = queued.get();
    if (now > 0 && now + n > limits.queueEvents()) {
      return Offer.FULL;
    }
    queued.addAndGet(n);
    queue.add(batch);
    return Offer.ACCEPTED;
  }

  /** Events taken from the queue by the engine thread so far (handed to the engine or dropped as duplicates). */
  long processed() {
    return processed.get();
  }

  int queued() {
    return queued.get();
  }

  /** Why the engine thread died, or null while it is healthy. */
  @Nullable Throwable failure() {
    return failure;
  }

  /** The engine's counters; call only after close(). */
  Engine.Stats stats() {
    return engine.stats();
  }

  /** Alerts emitted by this engine since the checkpoint history began (restored count included). */
  long alertsTotal() {
    return alertsBefore + alerts.emitted();
  }

  /** Refuses further batches, drains the queue into the engine, checkpoints and stops the thread. */
  @Override
  public void close() throws InterruptedException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stopMarker);
    }
    start();
    thread.join();
  }

  private void run() {
    long lastCheckpoint = System.nanoTime();
    long sinceCheckpoint = 0;
    long intervalNanos = limits.checkpointInterval().toNanos();
    try {
      try {
        while (true) {
          long wait = sinceCheckpoint == 0 ? intervalNanos : lastCheckpoint + intervalNanos - System.nanoTime();
          List<OktaEvent> batch = queue.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
          if (batch == stopMarker) {
            break;
          }
          if (batch != null) {
            process(batch);
            sinceCheckpoint += batch.size();
          }
          if (sinceCheckpoint > 0 && (sinceCheckpoint >= limits.checkpointEvents()
              || System.nanoTime() - lastCheckpoint >= intervalNanos)) {
            checkpoint();
            sinceCheckpoint = 0;
            lastCheckpoint = System.nanoTime();
          }
        }
        checkpoint();
      } finally {
        alerts.close();
      }
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      failure = e instanceof UncheckedIOException u ? u.getCause() : e;
      onFailure.run();
    }
  }

  private void process(List<OktaEvent> batch) {
    for (OktaEvent e : batch) {
      if (seen.firstTime(e)) {
        engine.accept(e);
        metrics.eventIn(e.publishedMillis());
      } else {
        metrics.duplicate();
      }
    }
    queued.addAndGet(-batch.size());
    processed.addAndGet(batch.size());
  }

  private void checkpoint() throws IOException {
    PollState st = state;
    if (st == null) {
      alerts.sync();
    } else {
      st.checkpoint(SOURCE, null, outputName, alerts, alertsBefore, engine, seen);
      PrintWriter l = log;
      if (l != null) {
        l.println("serve: checkpoint after " + processed.get() + " events (" + alertsTotal() + " alerts in all)");
        l.flush();
      }
    }
  }
}
