package dev.sidguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/*
 * The Okta Event Hook endpoint, /hooks/okta.
 *
 * Authorization: Okta sends the secret configured on the hook verbatim in the Authorization
 * header of every request, the one-time verification GET included, so both methods require it.
 * Only the SHA-256 of the secret is kept; the header's SHA-256 is compared with
 * MessageDigest.isEqual, which takes the same time wherever the two differ and, both being 32
 * bytes, leaks no length either. No response or log line echoes the header.
 *
 * POST: the size is checked from Content-Length before reading and again while reading (chunked
 * bodies), then the delivery is parsed on this request thread and queued whole to the engine
 * thread: 204 as soon as it is queued (Okta wants an answer within 3 s), 503 when the queue is
 * full (Okta retries once on 5xx; the events are counted as dropped).
 */
final class HookRoutes implements ServeServer.Routes {
  static final String PATH = "/hooks/okta";
  static final String CHALLENGE = "x-okta-verification-challenge";
  private static final JsonFactory JSON = new JsonFactory();
  private final byte[] secretDigest;
  private final long maxBody;
  private final HookPipeline pipeline;
  private final ServeMetrics metrics;

  HookRoutes(String secret, long maxBody, HookPipeline pipeline, ServeMetrics metrics) {
    this.secretDigest = sha256(secret.getBytes(StandardCharsets.UTF_8));
    this.maxBody = maxBody;
    this.pipeline = pipeline;
    this.metrics = metrics;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, this::verify);
    routes.post(PATH, this::deliver);
  }

  private void verify(Context ctx) throws IOException {
    if (!authorized(ctx)) {
      return;
    }
    String challenge = ctx.header(CHALLENGE);
    if (challenge == null) {
      reply(ctx, 400, "no " + CHALLENGE + " header: this endpoint takes Okta Event Hook deliveries");
      return;
    }
    StringWriter body = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      g.writeStringField("verification", challenge);
      g.writeEndObject();
    }
    metrics.request(200);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  private void deliver(Context ctx) throws IOException {
    if (!authorized(ctx)) {
      // read what the client is still sending (up to the limit) so it gets the 401, not a reset
      BoundedBody.drain(ctx.req().getInputStream(), maxBody);
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBody) {
      reply(ctx, 413, "body of " + declared + " bytes is over the limit of " + maxBody + " bytes");
      return;
    }
    byte[] body = read(ctx.req().getInputStream());
    if (body == null) {
      reply(ctx, 413, "body is over the limit of " + maxBody + " bytes");
      return;
    }
    HookPayload.Batch batch;
    try {
      batch = HookPayload.parse(body);
    } catch (HookPayload.Invalid e) {
      reply(ctx, 400, e.getMessage());
      return;
    }
    metrics.malformed(batch.malformed());
    switch (pipeline.offer(batch.events())) {
      case ACCEPTED -> {
        metrics.request(204);
        ctx.status(204);
      }
      case FULL -> {
        metrics.dropped(batch.events().size());
        ctx.header("Retry-After", "1");
        reply(ctx, 503, "the event queue is full; deliver again later");
      }
      case CLOSED -> {
        metrics.dropped(batch.events().size());
        reply(ctx, 503, "shutting down or the engine failed; deliver again later");
      }
    }
  }

  private boolean authorized(Context ctx) {
    String given = ctx.header("Authorization");
    if (given != null && MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)), secretDigest)) {
      return true;
    }
    reply(ctx, 401, "missing or wrong Authorization header");
    return false;
  }

  private void reply(Context ctx, int status, String reason) {
    metrics.request(status);
    ctx.status(status).contentType("text/plain; charset=utf-8").result(reason + "\n");
  }

  /** The body, or null when it is longer than the limit. */
  private byte @Nullable [] read(InputStream in) throws IOException {
    try {
      return new BoundedBody(in, maxBody).readAllBytes(); // not closed: the server owns the request stream
    } catch (BoundedBody.TooLarge e) {
      return null;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
