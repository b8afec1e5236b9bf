package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sidguard.har.HarException;
import dev.sidguard.har.HarSanitizer;
import dev.sidguard.har.HarScanner;
import dev.sidguard.har.Policy;
import dev.sidguard.har.SanitizeReport;
import dev.sidguard.har.ScanResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The local web page for people who record HARs, and the HTTP API it uses (which upload gateways
 * may call directly):
 *
 *   GET  /                      the page (index.html, app.js, style.css, all inside the jar)
 *   POST /api/scan?policy=P     body: a HAR; 200 with scan's JSON report for it
 *   POST /api/sanitize?policy=P body: a HAR; 200 with the sanitized HAR
 *
 * Bodies are streamed, never held whole: scan reads the request as it arrives; sanitize writes
 * its output to a temp file (0600) and sends it only once the whole input proved to be a HAR, so
 * a bad file gets a clean 400 rather than half a HAR, and the temp file is deleted when the
 * response is sent. Over --max-upload: 413 (from Content-Length before reading, or while
 * reading). Only the built-in policies can be named: a request never makes the server read a
 * file. Nothing about a request is logged; /metrics counts answers by endpoint and status.
 */
final class WebRoutes implements ServeServer.Routes {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String UPLOAD = "upload.har";
  private static final long DRAIN_LIMIT = 64L << 20;
  private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
      + " form-action 'self'; frame-ancestors 'none'";
  private static final Map<String, String> ASSETS = Map.of(
      "/", "index.html", "/app.js", "app.js", "/style.css", "style.css");

  private final long maxUpload;
  private final @Nullable Path tempDir;
  private final Map<String, byte[]> assets;
  private final ServeMetrics metrics;

  /** {@code tempDir}: where sanitized copies wait to be sent; null for the system's temp directory. */
  WebRoutes(long maxUpload, @Nullable Path tempDir, ServeMetrics metrics) {
    this.maxUpload = maxUpload;
    this.metrics = metrics;
    this.tempDir = tempDir;
    this.assets = Map.of("index.html", asset("index.html"), "app.js", asset("app.js"), "style.css", asset("style.css"));
  }

  @Override
  public void addTo(RoutesConfig routes) {
    for (Map.Entry<String, String> a : ASSETS.entrySet()) {
      routes.get(a.getKey(), ctx -> page(ctx, a.getValue()));
    }
    routes.post("/api/scan", counted("scan", this::scan));
    routes.post("/api/sanitize", counted("sanitize", this::sanitize));
  }

  /** {@code handler}, with its answer counted under the fixed label {@code endpoint} (never the request's path). */
  private Handler counted(String endpoint, Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } finally {
        metrics.webRequest(endpoint, ctx.statusCode());
      }
    };
  }

  private void page(Context ctx, String name) {
    String type = name.endsWith(".html") ? "text/html; charset=utf-8"
        : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    security(ctx);
    ctx.status(200).contentType(type).result(assets.get(name));
  }

  private void scan(Context ctx) throws IOException {
    ScanResult result = upload(ctx, (policy, in) -> HarScanner.create(policy).scan(in, UPLOAD));
    if (result == null) {
      return;
    }
    StringWriter report = new StringWriter();
    ScanCommand.writeJson(result, report);
    security(ctx);
    ctx.status(200).contentType("application/json; charset=utf-8").result(report.toString());
  }

  private void sanitize(Context ctx) throws IOException {
    Path tmp = tempDir == null ? Files.createTempFile("sidguard-web-", ".har")
        : Files.createTempFile(tempDir, "sidguard-web-", ".har");
    try {
      SanitizeReport report = upload(ctx, (policy, in) -> {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          return HarSanitizer.create(policy).sanitize(in, out, UPLOAD);
        }
      });
      if (report == null) {
        return;
      }
      security(ctx);
      ctx.status(200).contentType("application/json; charset=utf-8")
          .header("Content-Disposition", "attachment; filename=\"sanitized.har\"")
          .header("X-Sidguard-Entries", String.valueOf(report.entries()))
          .header("X-Sidguard-Redactions", String.valueOf(report.redactions()));
      try (OutputStream out = ctx.outputStream()) {
        Files.copy(tmp, out);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What a request does with its HAR body, read under the chosen policy. */
  private interface Job<T> {
    T run(Policy policy, InputStream body) throws IOException;
  }

  /**
   * Runs {@code job} on the request body, within the size limit and under the {@code ?policy=};
   * returns its result, or null after answering 400 (bad policy, not a HAR) or 413 (too large).
   */
  private <T> @Nullable T upload(Context ctx, Job<T> job) throws IOException {
    Policy policy = policy(ctx);
    if (policy == null) {
      return null;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxUpload) {
      drain(ctx);
      error(ctx, 413, "body of " + declared + " bytes is over the limit of " + maxUpload + " bytes (--max-upload)");
      return null;
    }
    try (InputStream in = new BoundedBody(ctx.req().getInputStream(), maxUpload)) {
      return job.run(policy, in);
    } catch (HarException e) {
      drain(ctx);
      error(ctx, 400, e.getMessage());
    } catch (BoundedBody.TooLarge e) {
      drain(ctx);
      error(ctx, 413, e.getMessage() + " (--max-upload)");
    }
    return null;
  }

  /** The policy named by {@code ?policy=} (default or strict); null after answering 400. */
  private @Nullable Policy policy(Context ctx) throws IOException {
    String name = ctx.queryParam("policy");
    if (name == null || name.isEmpty() || name.equals("default")) {
      return Policy.defaults();
    }
    if (name.equals("strict")) {
      return Policy.strict();
    }
    drain(ctx);
    error(ctx, 400, "policy must be default or strict");
    return null;
  }

  private static void drain(Context ctx) throws IOException {
    BoundedBody.drain(ctx.req().getInputStream(), DRAIN_LIMIT);
  }

  private static void error(Context ctx, int status, String message) throws IOException {
    StringWriter body = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    }
    security(ctx);
    ctx.status(status).contentType("application/json; charset=utf-8").result(body + "\n");
  }

  private static void security(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private static byte[] asset(String name) {
    try (InputStream in = WebRoutes.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("web/" + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
