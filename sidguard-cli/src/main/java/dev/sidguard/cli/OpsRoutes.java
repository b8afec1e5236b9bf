package dev.sidguard.cli;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /healthz} (200 while the engine thread runs, 503 once it failed) and {@code GET /metrics} (Prometheus text). */
final class OpsRoutes implements ServeServer.Routes {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final HookPipeline pipeline;
  private final ServeMetrics metrics;
  private final boolean hooks;

  OpsRoutes(HookPipeline pipeline, ServeMetrics metrics, boolean hooks) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.hooks = hooks;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/healthz", this::health);
    routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
  }

  private void health(Context ctx) {
    boolean ok = pipeline.failure() == null;
    ctx.status(ok ? 200 : 503).contentType("application/json").result("{\"status\":\"" + (ok ? "ok" : "failed")
        + "\",\"hooks\":" + hooks + ",\"queued\":" + pipeline.queued() + ",\"eventsIn\":" + metrics.eventsIn()
        + ",\"alertsOut\":" + metrics.alertsOut() + "}\n");
  }
}
