package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a large, realistic HAR of an Okta admin's browser session, for benchmarks and memory tests.
 *
 * <p>Usage: {@code java -cp sidguard-bench/target/benchmarks.jar dev.sidguard.har.SyntheticHar OUT.har SIZE_MB [SEED]}
 */
public final class SyntheticHar {
  /*
   * The mix follows what support-case HARs look like: most bytes are response bodies (scripts,
   * styles, HTML, JSON, base64 images), most entries carry the same handful of session cookies,
   * and a minority carries bearer tokens, login forms, OAuth redirects and token responses.
   * Secrets come from a small pool so the same value repeats across requests, as in real files.
   * Output is deterministic for a seed.
   */

  private static final String[] WORDS = {
    "function", "return", "const", "window", "document", "element", "status", "render", "config",
    "session", "admin", "dashboard", "user", "group", "policy", "request", "response", "promise",
    "undefined", "length", "prototype", "callback", "okta", "widget", "factor", "enroll", "verify"
  };
  private static final List<String> PATHS = List.of(
      "/api/v1/users/me", "/api/v1/sessions/me", "/admin/dashboard", "/api/v1/groups",
      "/app/UserHome", "/api/v1/apps", "/admin/access/identity-providers", "/api/internal/orgSettings");

  private final SplittableRandom random;
  private final String org;
  private final String[] sessionIds = new String[8];
  private final String[] jwts = new String[8];
  private final byte[] image;
  private final String script;
  private final String html;

  private SyntheticHar(long seed) {
    random = new SplittableRandom(seed);
    org = "acme" + random.nextInt(1000);
    for (int i = 0; i < sessionIds.length; i++) {
      sessionIds[i] = "102" + token(22);
      jwts[i] = jwt();
    }
    image = new byte[12_000];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) random.nextInt(256);
    }
    script = words(40_000);
    html = "<!DOCTYPE html><html><head><title>Okta Admin</title></head><body><form method=\"post\">"
        + "<input type=\"hidden\" name=\"_xsrfToken\" value=\"" + token(40) + "\">"
        + "<input type=\"hidden\" name=\"fromURI\" value=\"/admin/dashboard\">" + words(12_000)
        + "</form></body></html>";
  }

  /** Writes a HAR of at least {@code targetBytes} bytes to {@code out} and returns the number of entries. */
  public static long write(OutputStream out, long targetBytes, long seed) throws IOException {
    return new SyntheticHar(seed).writeHar(out, targetBytes);
  }

  /** Writes the HAR to a file; see {@link #write(OutputStream, long, long)}. */
  public static long write(Path file, long targetBytes, long seed) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      return write(out, targetBytes, seed);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SyntheticHar OUT.har SIZE_MB [SEED]");
      System.exit(2);
    }
    long entries = write(Path.of(args[0]), Long.parseLong(args[1]) << 20, args.length > 2 ? Long.parseLong(args[2]) : 1);
    System.err.println("wrote " + entries + " entries to " + args[0]);
  }

  private long writeHar(OutputStream raw, long targetBytes) throws IOException {
    Counting counted = new Counting(raw);
    long entries = 0;
    try (JsonGenerator g = new JsonFactory().createGenerator(counted, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeObjectFieldStart("log");
      g.writeStringField("version", "1.2");
      g.writeObjectFieldStart("creator");
      g.writeStringField("name", "sidguard-synthetic");
      g.writeStringField("version", "1");
      g.writeEndObject();
      g.writeArrayFieldStart("pages");
      g.writeStartObject();
      g.writeStringField("startedDateTime", "2023-09-28T10:00:00.000Z");
      g.writeStringField("id", "page_1");
      g.writeStringField("title", "https://" + org + "-admin.okta.com/admin/dashboard");
      g.writeObjectFieldStart("pageTimings");
      g.writeNumberField("onContentLoad", 812.5);
      g.writeNumberField("onLoad", 1450.1);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart("entries");
      Instant start = Instant.parse("2023-09-28T10:00:00Z");
      while (counted.count + 8192 < targetBytes) {
        writeEntry(g, start.plusMillis(entries * 137));
        entries++;
        g.flush();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return entries;
  }

  private void writeEntry(JsonGenerator g, Instant time) throws IOException {
    int kind = random.nextInt(100);
    String sid = sessionIds[random.nextInt(sessionIds.length)];
    String host = kind < 50 ? org + "-admin.okta.com" : org + ".okta.com";
    String path = PATHS.get(random.nextInt(PATHS.size()));
    boolean login = kind < 3;
    boolean api = kind >= 3 && kind < 25;
    String url = "https://" + host + (login ? "/api/v1/authn" : path)
        + (kind % 7 == 0 ? "?limit=200&expand=stats&state=" + token(16) : "");

    g.writeStartObject();
    g.writeStringField("pageref", "page_1");
    g.writeStringField("startedDateTime", time.toString());
    g.writeNumberField("time", 20 + random.nextInt(400));
    g.writeObjectFieldStart("request");
    g.writeStringField("method", login ? "POST" : "GET");
    g.writeStringField("url", url);
    g.writeStringField("httpVersion", "h2");
    g.writeArrayFieldStart("headers");
    header(g, ":authority", host);
    header(g, "user-agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36");
    header(g, "accept", api ? "application/json" : "*/*");
    header(g, "cookie", "sid=" + sid + "; DT=DI1" + token(20) + "; JSESSIONID=" + token(32) + "; theme=dark");
    header(g, "x-okta-request-id", token(24));
    if (api) {
      header(g, "authorization", "Bearer " + jwts[random.nextInt(jwts.length)]);
      header(g, "x-okta-xsrftoken", token(40));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("queryString");
    if (url.contains("?")) {
      header(g, "limit", "200");
      header(g, "expand", "stats");
      header(g, "state", url.substring(url.lastIndexOf('=') + 1));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("cookies");
    cookie(g, "sid", sid);
    cookie(g, "theme", "dark");
    g.writeEndArray();
    g.writeNumberField("headersSize", -1);
    if (login) {
      String body = "{\"username\":\"admin@" + org + ".com\",\"password\":\"" + token(14)
          + "\",\"options\":{\"warnBeforePasswordExpired\":true}}";
      g.writeNumberField("bodySize", body.length());
      g.writeObjectFieldStart("postData");
      g.writeStringField("mimeType", "application/json");
      g.writeStringField("text", body);
      g.writeEndObject();
    } else {
      g.writeNumberField("bodySize", 0);
    }
    g.writeEndObject();

    g.writeObjectFieldStart("response");
    g.writeNumberField("status", 200);
    g.writeStringField("statusText", "");
    g.writeStringField("httpVersion", "h2");
    g.writeArrayFieldStart("headers");
    header(g, "content-type", mime(kind));
    header(g, "x-okta-request-id", token(24));
    if (login) {
      header(g, "set-cookie", "sid=" + sid + "; Path=/; Secure; HttpOnly; SameSite=None");
    }
    g.writeEndArray();
    g.writeArrayFieldStart("cookies");
    g.writeEndArray();
    g.writeObjectFieldStart("content");
    String text = body(kind, login);
    boolean base64 = kind >= 85;
    g.writeNumberField("size", base64 ? image.length : text.length());
    g.writeStringField("mimeType", mime(kind));
    g.writeStringField("text", text);
    if (base64) {
      g.writeStringField("encoding", "base64");
    }
    g.writeEndObject();
    g.writeStringField("redirectURL", "");
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", -1);
    g.writeEndObject();
    g.writeObjectFieldStart("cache");
    g.writeEndObject();
    g.writeObjectFieldStart("timings");
    g.writeNumberField("blocked", 1.2);
    g.writeNumberField("dns", -1);
    g.writeNumberField("connect", -1);
    g.writeNumberField("send", 0.1);
    g.writeNumberField("wait", 18 + random.nextInt(300));
    g.writeNumberField("receive", 2.5);
    g.writeNumberField("ssl", -1);
    g.writeEndObject();
    g.writeEndObject();
  }

  private String body(int kind, boolean login) {
    if (login) {
      return "{\"status\":\"SUCCESS\",\"expiresAt\":\"2023-09-28T10:05:00.000Z\",\"sessionToken\":\""
          + token(28) + "\",\"_embedded\":{\"user\":{\"id\":\"00u" + token(17) + "\",\"profile\":{\"login\":\"admin@"
          + org + ".com\",\"locale\":\"en_US\"}}}}";
    }
    if (kind < 25) {
      StringBuilder json = new StringBuilder("[");
      int n = 5 + random.nextInt(20);
      for (int i = 0; i < n; i++) {
        json.append(i == 0 ? "" : ",").append("{\"id\":\"00g").append(token(17))
            .append("\",\"profile\":{\"name\":\"").append(WORDS[random.nextInt(WORDS.length)])
            .append(" group\",\"description\":\"").append(words(120)).append("\"},\"created\":\"2021-01-01T00:00:00.000Z\"")
            .append(i % 11 == 0 ? ",\"access_token\":\"" + jwts[random.nextInt(jwts.length)] + "\"" : "")
            .append("}");
      }
      return json.append("]").toString();
    }
    if (kind < 55) {
      return script;
    }
    if (kind < 85) {
      return html;
    }
    return Base64.getEncoder().encodeToString(image);
  }

  private static String mime(int kind) {
    if (kind < 25) {
      return "application/json";
    } else if (kind < 55) {
      return "application/javascript";
    } else if (kind < 85) {
      return "text/html; charset=utf-8";
    }
    return "image/png";
  }

  private static void header(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  private static void cookie(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("value", value);
    g.writeStringField("path", "/");
    g.writeBooleanField("httpOnly", true);
    g.writeBooleanField("secure", true);
    g.writeEndObject();
  }

  private String jwt() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"kid\":\"k1\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"ver\":1,\"iss\":\"https://" + org + ".okta.com\",\"sub\":\"admin@" + org
        + ".com\",\"exp\":1695899100,\"scp\":[\"okta.users.read\"]}").getBytes(StandardCharsets.UTF_8));
    byte[] signature = new byte[256];
    for (int i = 0; i < signature.length; i++) {
      signature[i] = (byte) random.nextInt(256);
    }
    return header + "." + claims + "." + b64.encodeToString(signature);
  }

  private String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(chars);
  }

  private String words(int approxLength) {
    StringBuilder text = new StringBuilder(approxLength + 16);
    while (text.length() < approxLength) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ";\n" : " ");
    }
    return text.toString();
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
