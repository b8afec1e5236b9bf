package dev.sidguard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/*
 * The HAR an admin records in the browser's developer tools for a support case, unsanitized: every
 * request carries the Okta cookies (sid, DT, JSESSIONID, ln), so the Classic session id travels
 * with the file. The exposure watchlist line is what `sidguard scan --watchlist` reports for it:
 * sha256 of the sid value (which equals the session's externalSessionId), the user the ln cookie
 * reveals, and the HAR's first and last entry times. The admin console's own call to
 * /api/v1/sessions/me shows the session's expiry (two hours of idle lifetime after the last request),
 * which is what lets `scan` call the session live. The session is simulated: the cookie values open
 * nothing anywhere.
 */
final class SupportHar {
  private SupportHar() {}

  static Exposure record(Person admin, Session s, long from, long to, SplittableRandom r) {
    String file = "support-case-" + (10_000 + r.nextInt(90_000)) + ".har";
    String dt = Ids.base62(r, 24);
    String jsession = Ids.hex32(r).toUpperCase(java.util.Locale.ROOT);
    String cookie = "sid=" + s.id + "; DT=" + dt + "; JSESSIONID=" + jsession + "; ln="
        + URLEncoder.encode(admin.login(), StandardCharsets.UTF_8);
    String admin1 = "https://acme-admin.okta.com";
    String org = "https://" + Tenant.ORG;
    long expires = to + 2 * BenignLife.HOUR;
    String sessionMe = "{\"id\":\"" + s.id + "\",\"userId\":\"" + Ids.okta("00u", r) + "\",\"login\":\""
        + admin.login() + "\",\"createdAt\":\"" + Instant.ofEpochMilli(from - BenignLife.HOUR)
        + "\",\"expiresAt\":\"" + Instant.ofEpochMilli(expires) + "\",\"status\":\"ACTIVE\","
        + "\"amr\":[\"pwd\",\"mfa\"],\"idp\":{\"type\":\"OKTA\"},\"mfaActive\":true}";
    List<String[]> requests = List.of(
        new String[] {"GET", admin1 + "/admin/dashboard", "text/html"},
        new String[] {"GET", org + "/api/v1/sessions/me", "application/json", sessionMe},
        new String[] {"GET", admin1 + "/admin/groups", "text/html"},
        new String[] {"GET", org + "/api/v1/groups?limit=200", "application/json"},
        new String[] {"GET", org + "/api/v1/groups/" + s.tenant.groups.get(9).id() + "/users", "application/json"},
        new String[] {"PUT", org + "/api/v1/groups/" + s.tenant.groups.get(9).id() + "/users/" + Ids.okta("00u", r),
            "application/json"},
        new String[] {"GET", org + "/api/v1/groups/rules?limit=50", "application/json"},
        new String[] {"GET", admin1 + "/admin/groups/rules", "text/html"});
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Labels.JSON.getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("log");
      g.writeStringField("version", "1.2");
      g.writeObjectFieldStart("creator");
      g.writeStringField("name", "WebInspector");
      g.writeStringField("version", "537.36");
      g.writeEndObject();
      g.writeArrayFieldStart("pages");
      g.writeStartObject();
      g.writeStringField("startedDateTime", Instant.ofEpochMilli(from).toString());
      g.writeStringField("id", "page_1");
      g.writeStringField("title", "Groups - Okta Admin Console");
      g.writeObjectFieldStart("pageTimings");
      g.writeNumberField("onContentLoad", 812.4);
      g.writeNumberField("onLoad", 1304.9);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart("entries");
      for (int i = 0; i < requests.size(); i++) {
        String[] q = requests.get(i);
        long at = i == requests.size() - 1 ? to : from + (to - from) * i / requests.size();
        entry(g, q[0], q[1], q[2], q.length > 3 ? q[3] : "", at, s.userAgent, cookie, new String[][] {
            {"sid", s.id}, {"DT", dt}, {"JSESSIONID", jsession}, {"ln", admin.login()}}, r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Watchlist.Entry line = new Watchlist.Entry(sha256(s.id), "okta-session-cookie", "sid", Tenant.ORG,
        admin.login(), file, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), Instant.ofEpochMilli(expires));
    return new Exposure(file, out.toString() + "\n", List.of(line));
  }

  private static void entry(JsonGenerator g, String method, String url, String type, String body, long at,
      String ua, String cookie, String[][] cookies, SplittableRandom r) throws IOException {
    double wait = 40 + r.nextInt(300) + r.nextInt(10) / 10.0;
    g.writeStartObject();
    g.writeStringField("pageref", "page_1");
    g.writeStringField("startedDateTime", Instant.ofEpochMilli(at).toString());
    g.writeNumberField("time", wait + 3.1);
    g.writeObjectFieldStart("request");
    g.writeStringField("method", method);
    g.writeStringField("url", url);
    g.writeStringField("httpVersion", "h2");
    g.writeArrayFieldStart("headers");
    header(g, "accept", type.equals("text/html") ? "text/html,application/xhtml+xml" : "application/json");
    header(g, "cookie", cookie);
    header(g, "user-agent", ua);
    if (type.equals("application/json")) {
      header(g, "x-okta-user-agent-extended", "okta-auth-js/7.5.1");
      header(g, "x-requested-with", "XMLHttpRequest");
    }
    g.writeEndArray();
    g.writeArrayFieldStart("queryString");
    g.writeEndArray();
    g.writeArrayFieldStart("cookies");
    for (String[] c : cookies) {
      g.writeStartObject();
      g.writeStringField("name", c[0]);
      g.writeStringField("value", c[1]);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("response");
    g.writeNumberField("status", method.equals("PUT") ? 204 : 200);
    g.writeStringField("statusText", "");
    g.writeStringField("httpVersion", "h2");
    g.writeArrayFieldStart("headers");
    header(g, "content-type", type + ";charset=UTF-8");
    header(g, "x-okta-request-id", Ids.requestId(r));
    g.writeEndArray();
    g.writeArrayFieldStart("cookies");
    g.writeEndArray();
    g.writeObjectFieldStart("content");
    g.writeNumberField("size", body.getBytes(StandardCharsets.UTF_8).length);
    g.writeStringField("mimeType", type);
    if (!body.isEmpty()) {
      g.writeStringField("text", body);
    }
    g.writeEndObject();
    g.writeStringField("redirectURL", "");
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", -1);
    g.writeEndObject();
    g.writeObjectFieldStart("cache");
    g.writeEndObject();
    g.writeObjectFieldStart("timings");
    g.writeNumberField("blocked", 0.4);
    g.writeNumberField("dns", -1);
    g.writeNumberField("connect", -1);
    g.writeNumberField("send", 0.1);
    g.writeNumberField("wait", wait);
    g.writeNumberField("receive", 2.6);
    g.writeNumberField("ssl", -1);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void header(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
