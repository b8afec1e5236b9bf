package dev.sidguard.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/*
 * A fake Okta /api/v1/logs on 127.0.0.1 (a real HTTP server), for poll tests.
 *
 * It serves the given events in pages by an opaque `after` cursor, and enforces its own rate
 * limit on a fake clock: `limit` requests per 60 s window, with X-Rate-Limit-* headers on every
 * response and a 429 (counted in overLimit) when a client ignores them. Each page is served in
 * reverse (events out of order within the page) and every second page repeats the last event of
 * the page before (a duplicate delivery). Only `available` events exist; past them a page is
 * empty but still has its next link, as Okta does. Scheduled faults answer chosen requests with
 * 429 (reset 30 s ahead), 500, or everything from a request on with 500; stallNext leaves
 * one request unanswered (a slow response) until the client's next request arrives.
 */
final class FakeOkta implements AutoCloseable {
  static final int RESET_AFTER_429_SECONDS = 30;

  /** One request as the server saw it. */
  record Request(String pathAndQuery, boolean authorized, long atMillis, int status) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<String> events;
  private final LongSupplier clock;
  private final String expectedAuthorization;
  private volatile FakeServiceApp serviceApp;
  private final List<Request> log = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> issuedNextLinks = Collections.synchronizedSet(new HashSet<>());
  private final Map<Integer, Integer> faults = new HashMap<>();
  volatile int available;
  volatile int pageSize = 1000;
  volatile int limit = 10;
  volatile int failFrom = Integer.MAX_VALUE;
  volatile int forbidden;
  /** Called with the request's number (1-based) before it is answered. */
  volatile java.util.function.IntConsumer onRequest = n -> {};
  final AtomicBoolean stallNext = new AtomicBoolean();
  private final CountDownLatch nextArrived = new CountDownLatch(1);
  private long windowStart = Long.MIN_VALUE;
  private int inWindow;
  private int overLimit;
  private int served;

  FakeOkta(List<String> events, String expectedAuthorization, LongSupplier clock) throws IOException {
    this.events = List.copyOf(events);
    this.available = events.size();
    this.expectedAuthorization = expectedAuthorization;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/logs", this::handleOrStall);
    server.setExecutor(executor);
    server.start();
  }

  /** From now on API calls need an access token issued by {@code app}'s /oauth2/v1/token. */
  void serviceApp(FakeServiceApp app) {
    serviceApp = app;
    server.createContext("/oauth2/v1/token", x -> app.token(x, url(), clock.getAsLong()));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the {@code n}th request from now on (1-based, counted over the server's life) with {@code status}. */
  synchronized void fault(int n, int status) {
    faults.put(n, status);
  }

  List<Request> requests() {
    return List.copyOf(log);
  }

  boolean issued(String pathAndQuery) {
    return issuedNextLinks.contains(pathAndQuery);
  }

  synchronized int overLimit() {
    return overLimit;
  }

  /** The stalled request gets no answer until the client has given up on it and sent the next one. */
  private void handleOrStall(HttpExchange x) throws IOException {
    if (stallNext.compareAndSet(true, false)) {
      try {
        nextArrived.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.add(new Request(x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery(), true,
          clock.getAsLong(), 0));
      x.close();
      return;
    }
    nextArrived.countDown();
    handle(x);
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    served++;
    onRequest.accept(served);
    long now = clock.getAsLong();
    String pq = x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery();
    FakeServiceApp app = serviceApp;
    boolean authorized = app == null
        ? expectedAuthorization.equals(x.getRequestHeaders().getFirst("Authorization"))
        : app.accepts(x, url(), now);
    if (windowStart == Long.MIN_VALUE || now >= windowStart + 60_000) {
      windowStart = now;
      inWindow = 0;
    }
    inWindow++;
    long reset = (windowStart + 60_000 + 999) / 1000;
    x.getResponseHeaders().add("X-Rate-Limit-Limit", String.valueOf(limit));
    x.getResponseHeaders().add("X-Rate-Limit-Remaining", String.valueOf(Math.max(0, limit - inWindow)));
    Integer fault = faults.remove(served);
    int status;
    if (inWindow > limit) {
      overLimit++;
      x.getResponseHeaders().add("X-Rate-Limit-Reset", String.valueOf(reset));
      status = reply(x, 429, "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\"}");
    } else if (fault != null && fault == 429) {
      x.getResponseHeaders().add("X-Rate-Limit-Reset", String.valueOf(now / 1000 + RESET_AFTER_429_SECONDS));
      status = reply(x, 429, "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\"}");
    } else {
      x.getResponseHeaders().add("X-Rate-Limit-Reset", String.valueOf(reset));
      if (!authorized) {
        status = reply(x, 401, "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\"}");
      } else if (forbidden > 0) {
        status = reply(x, forbidden, "{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have permission to perform the requested action\"}");
      } else if (fault != null || served >= failFrom) {
        status = reply(x, fault == null ? 500 : fault, "{\"errorCode\":\"E0000009\",\"errorSummary\":\"Internal Server Error\"}");
      } else {
        status = page(x);
      }
    }
    log.add(new Request(pq, authorized, now, status));
  }

  private int page(HttpExchange x) throws IOException {
    Map<String, String> q = query(x.getRequestURI().getRawQuery());
    if (q.containsKey("until") || !"ASCENDING".equals(q.get("sortOrder")) || q.get("since") == null) {
      return reply(x, 400, "{\"errorCode\":\"E0000001\",\"errorSummary\":\"Api validation failed: not a polling request\"}");
    }
    int from = q.containsKey("after") ? Integer.parseInt(q.get("after")) : 0;
    int size = Math.min(pageSize, Integer.parseInt(q.getOrDefault("limit", "100")));
    int to = Math.max(from, Math.min(from + size, available));
    List<String> page = new ArrayList<>(events.subList(from, to));
    Collections.reverse(page);
    if (from > 0 && to > from && (from / size) % 2 == 1) {
      page.add(events.get(from - 1));
    }
    String next = "/api/v1/logs?since=" + q.get("since") + "&limit=1000&sortOrder=ASCENDING&after=" + to;
    issuedNextLinks.add(next);
    x.getResponseHeaders().add("Link", "<" + url() + x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery()
        + ">; rel=\"self\"");
    x.getResponseHeaders().add("Link", "<" + url() + next + ">; rel=\"next\"");
    return reply(x, 200, "[" + String.join(",", page) + "]");
  }

  private static int reply(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
    return status;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int i = kv.indexOf('=');
        q.put(URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8),
            i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  @Override
  public void close() {
    nextArrived.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
