package dev.sidguard.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/*
 * serve's counters, exposed in Prometheus text at /metrics. Names (Prometheus form):
 *   sidguard_events_in_total          events handed to the engine (after the uuid filter)
 *   sidguard_events_duplicate_total   events dropped as repeats of a uuid already seen
 *   sidguard_events_dropped_total     events refused with 503 because the queue was full
 *   sidguard_events_malformed_total   array elements of a delivery that were not events
 *   sidguard_alerts_out_total         alerts written
 *   sidguard_queue_depth              events waiting for the engine thread
 *   sidguard_lag_seconds              now minus the newest `published` the engine has seen
 *   sidguard_hook_requests_total{status}  /hooks/okta requests by response status
 * Values only: no label ever carries request content, so nothing a client sent can reach them.
 */
final class ServeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter eventsIn = counter("sidguard.events.in", "Events handed to the detection engine");
  private final Counter duplicates = counter("sidguard.events.duplicate", "Events dropped as repeated deliveries");
  private final Counter dropped = counter("sidguard.events.dropped", "Events refused (503) because the queue was full");
  private final Counter malformed = counter("sidguard.events.malformed", "Delivered array elements that were not events");
  private final Counter alertsOut = counter("sidguard.alerts.out", "Alerts written");
  private final AtomicLong newestPublished = new AtomicLong(Long.MIN_VALUE);

  ServeMetrics() {
    Gauge.builder("sidguard.lag", this, ServeMetrics::lagSeconds).baseUnit("seconds").strongReference(true)
        .description("Now minus the newest published time the engine has seen").register(registry);
  }

  /** Reports the engine queue's depth (events) as a gauge. */
  void queueDepth(LongSupplier depth) {
    Gauge.builder("sidguard.queue.depth", depth, LongSupplier::getAsLong).strongReference(true)
        .description("Events waiting for the engine thread").register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  void eventIn(long publishedMillis) {
    eventsIn.increment();
    newestPublished.accumulateAndGet(publishedMillis, Math::max);
  }

  void duplicate() {
    duplicates.increment();
  }

  void dropped(int events) {
    dropped.increment(events);
  }

  void malformed(long events) {
    malformed.increment(events);
  }

  void alertOut() {
    alertsOut.increment();
  }

  void request(int status) {
    Counter.builder("sidguard.hook.requests").description("Requests to /hooks/okta by response status")
        .tag("status", Integer.toString(status)).register(registry).increment();
  }

  /** One answer of the web page's API ({@code scan} or {@code sanitize}): counted, nothing else recorded. */
  void webRequest(String endpoint, int status) {
    Counter.builder("sidguard.web.requests").description("Requests to /api/scan and /api/sanitize by response status")
        .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
  }

  long eventsIn() {
    return (long) eventsIn.count();
  }

  long duplicates() {
    return (long) duplicates.count();
  }

  long dropped() {
    return (long) dropped.count();
  }

  long alertsOut() {
    return (long) alertsOut.count();
  }

  private double lagSeconds() {
    long newest = newestPublished.get();
    return newest == Long.MIN_VALUE ? Double.NaN
        : (System.currentTimeMillis() - newest) / 1000.0;
  }

  /** The Prometheus text exposition (format 0.0.4). */
  String scrape() {
    return registry.scrape();
  }
}
