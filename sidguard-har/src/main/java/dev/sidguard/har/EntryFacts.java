package dev.sidguard.har;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * What a scanner learns from a HAR beside the secrets themselves, one entry at a time, read from the entry
 * tree before the detectors walk it:
 *
 *   time       startedDateTime of every entry: the HAR's own time range (exposure window, Max-Age base)
 *   tenants    hosts under okta.com, oktapreview.com, okta-emea.com, okta-gov.com (Okta's own sites such as
 *              www or login excluded; ORG-admin.okta.com is ORG.okta.com), plus custom domains seen with an
 *              X-Okta-Request-Id response header or an Okta-only path (/idp/idx/, /api/v1/authn, …)
 *   admin      a request to ORG-admin.okta.com or to /admin/… on a tenant
 *   users      /api/v1/users/me (profile.login, else profile.email), /api/v1/sessions/me (login), login forms
 *              (username / identifier / login fields posted to authn, identify, login or sign-in paths),
 *              and Okta-issued JWTs (email claim); kept per host, resolved to tenants at the end
 *   expiry     Set-Cookie Expires / Max-Age (Max-Age from the entry's time), cookies[].expires, and
 *              /api/v1/sessions/me expiresAt for the sid / idx cookies sent with that request; kept by the
 *              keyed fingerprint of the value, so no value is held
 *
 * Hosts are resolved to tenants only at the end of the file, because a custom domain may be recognised
 * after its first request.
 */
final class EntryFacts {

  private static final List<String> OKTA_DOMAINS =
      List.of(".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com");
  private static final Set<String> OKTA_OWN_SITES = Set.of("www", "login", "help", "support", "developer",
      "trust", "status", "events", "community", "auth0", "ok1static", "ok2static", "ok3static", "op1static",
      "sso", "pages", "learning", "devforum", "iam", "my");
  private static final List<String> OKTA_PATHS = List.of("/idp/idx/", "/api/v1/authn", "/api/v1/sessions/me",
      "/login/sessioncookieredirect", "/app/userhome", "/.well-known/okta-organization", "/oauth2/v1/",
      "/sso/idps/", "/api/v1/users/me");
  private static final List<String> LOGIN_PATHS = List.of("/api/v1/authn", "/idp/idx/identify",
      "/idp/idx/introspect", "/login", "/signin", "/sign-in");
  private static final List<String> LOGIN_FIELDS = List.of("username", "identifier", "login", "email");
  private static final DateTimeFormatter COOKIE_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss zzz", Locale.ENGLISH);

  private final Markers markers;
  final Map<String, Instant> cookieExpiry = new HashMap<>();
  final Map<String, Instant> sessionExpiry = new HashMap<>();
  private final Set<String> customOktaHosts = new HashSet<>();
  private final Set<String> adminHosts = new HashSet<>();
  private final Set<String> hosts = new LinkedHashSet<>();
  private final Map<String, Set<String>> usersByHost = new LinkedHashMap<>();
  private final Map<String, String> hostNames = new HashMap<>();
  @Nullable Instant first;
  @Nullable Instant last;

  /** Host of the current entry's request, or null. */
  @Nullable String host;
  /** startedDateTime of the current entry, or null. */
  @Nullable Instant time;

  EntryFacts(Markers markers) {
    this.markers = markers;
  }

  void outsideEntries() {
    host = null;
    time = null;
  }

  void read(ObjectNode entry) {
    JsonNode request = entry.path("request");
    JsonNode response = entry.path("response");
    String url = request.path("url").asText("");
    host = hostOf(url);
    if (host != null) {
      String known = hostNames.putIfAbsent(host, host);
      host = known != null ? known : host;
    }
    time = instant(entry.path("startedDateTime").asText(""));
    if (time != null) {
      first = first == null || time.isBefore(first) ? time : first;
      last = last == null || time.isAfter(last) ? time : last;
    }
    String path = pathOf(url);
    if (host != null) {
      hosts.add(host);
      if (!isOktaDomain(host) && (hasHeader(response, "x-okta-request-id") || startsWithAny(path, OKTA_PATHS))) {
        customOktaHosts.add(host);
      }
      if (path.equals("/admin") || path.startsWith("/admin/") || adminLabel(host)) {
        adminHosts.add(host);
      }
      users(request, response, path);
    }
    cookieExpiries(request, response);
  }

  private void users(JsonNode request, JsonNode response, String path) {
    boolean ok = response.path("status").asInt(0) / 100 == 2;
    if (ok && (path.endsWith("/api/v1/users/me") || path.endsWith("/api/v1/sessions/me"))) {
      JsonNode body = json(response.path("content"));
      if (body != null) {
        String login = path.endsWith("/users/me")
            ? firstText(body.path("profile"), "login", "email") : firstText(body, "login");
        addUser(host, login);
        Instant expires = path.endsWith("/sessions/me") ? instant(body.path("expiresAt").asText("")) : null;
        if (expires != null) {
          sessionCookies(request, expires);
        }
      }
    }
    if (request.path("method").asText("").equalsIgnoreCase("POST") && containsAny(path, LOGIN_PATHS)) {
      JsonNode postData = request.path("postData");
      JsonNode body = json(postData);
      String login = null;
      if (body != null) {
        for (String f : LOGIN_FIELDS) {
          login = login != null ? login : firstText(body, f);
        }
      }
      for (JsonNode p : postData.path("params")) {
        if (login == null && LOGIN_FIELDS.contains(p.path("name").asText("").toLowerCase(Locale.ROOT))) {
          login = p.path("value").asText(null);
        }
      }
      if (login == null && body == null) {
        login = formField(postData.path("text").asText(""));
      }
      addUser(host, login);
    }
  }

  void addUser(@Nullable String onHost, @Nullable String user) {
    if (onHost != null && user != null && looksLikeLogin(user)) {
      usersByHost.computeIfAbsent(onHost, h -> new LinkedHashSet<>()).add(user);
    }
  }

  private static boolean looksLikeLogin(String s) {
    if (s.isEmpty() || s.length() > 256 || Markers.isMarker(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) <= ' ') {
        return false;
      }
    }
    return true;
  }

  private static @Nullable String formField(String text) {
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && LOGIN_FIELDS.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
        try {
          return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The sid / idx cookies sent with a /api/v1/sessions/me request live until that session's expiresAt. */
  private void sessionCookies(JsonNode request, Instant expires) {
    for (JsonNode c : request.path("cookies")) {
      String name = c.path("name").asText("");
      if (isSessionCookie(name)) {
        expire(sessionExpiry, c.path("value").asText(""), expires);
      }
    }
    for (JsonNode h : request.path("headers")) {
      if (h.path("name").asText("").equalsIgnoreCase("cookie")) {
        for (String pair : h.path("value").asText("").split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && isSessionCookie(pair.substring(0, eq).trim())) {
            expire(sessionExpiry, pair.substring(eq + 1).trim(), expires);
          }
        }
      }
    }
  }

  static boolean isSessionCookie(String name) {
    return name.equalsIgnoreCase("sid") || name.equalsIgnoreCase("idx");
  }

  private void cookieExpiries(JsonNode request, JsonNode response) {
    for (JsonNode msg : List.of(request, response)) {
      for (JsonNode c : msg.path("cookies")) {
        JsonNode expires = c.path("expires");
        if (expires.isTextual()) {
          Instant at = instant(expires.textValue());
          if (at != null) {
            expire(cookieExpiry, c.path("value").asText(""), at);
          }
        }
      }
    }
    for (JsonNode h : response.path("headers")) {
      if (h.path("name").asText("").equalsIgnoreCase("set-cookie")) {
        for (String line : h.path("value").asText("").split("\n")) {
          setCookie(line);
        }
      }
    }
  }

  /** Expires or Max-Age of one Set-Cookie line; Max-Age counts from the entry's time and wins. */
  private void setCookie(String line) {
    String[] parts = line.split(";");
    int eq = parts[0].indexOf('=');
    if (eq < 0) {
      return;
    }
    String value = parts[0].substring(eq + 1).trim();
    Instant at = null;
    for (int i = 1; i < parts.length; i++) {
      String attr = parts[i].trim();
      String lower = attr.toLowerCase(Locale.ROOT);
      if (lower.startsWith("max-age=") && time != null) {
        try {
          at = time.plusSeconds(Long.parseLong(attr.substring(8).trim()));
          break;
        } catch (NumberFormatException e) {
          // an unreadable Max-Age says nothing
        }
      } else if (lower.startsWith("expires=") && at == null) {
        at = cookieDate(attr.substring(8).trim());
      }
    }
    if (at != null) {
      expire(cookieExpiry, value, at);
    }
  }

  private void expire(Map<String, Instant> into, String value, Instant at) {
    if (!value.isEmpty() && !Markers.isMarker(value)) {
      into.put(markers.fingerprint(value), at);
    }
  }

  // ---- resolution at the end of the file ----

  /** The tenant a host belongs to: its Okta org host, or null when it is not Okta. */
  @Nullable String tenantOf(@Nullable String h) {
    if (h == null) {
      return null;
    }
    if (isOktaDomain(h)) {
      int dot = h.indexOf('.');
      String label = h.substring(0, dot);
      if (OKTA_OWN_SITES.contains(label)) {
        return null;
      }
      return label.endsWith("-admin") ? label.substring(0, label.length() - 6) + h.substring(dot) : h;
    }
    return customOktaHosts.contains(h) ? h : null;
  }

  /** Tenants whose admin console the HAR shows in use. */
  Set<String> adminTenants() {
    Set<String> out = new HashSet<>();
    for (String h : adminHosts) {
      String t = tenantOf(h);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** Users seen, keyed by tenant for Okta hosts and by host otherwise, in order of appearance. */
  Map<String, String> usersByKey() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> e : usersByHost.entrySet()) {
      String t = tenantOf(e.getKey());
      out.putIfAbsent(t != null ? t : e.getKey(), e.getValue().iterator().next());
    }
    return out;
  }

  /** Every tenant the HAR talked to, in order of appearance. */
  Set<String> tenants() {
    Set<String> out = new LinkedHashSet<>();
    for (String h : hosts) {
      String t = tenantOf(h);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  // ---- parsing ----

  private static boolean isOktaDomain(String h) {
    for (String d : OKTA_DOMAINS) {
      if (h.endsWith(d) && h.length() > d.length() && h.indexOf('.') == h.length() - d.length()) {
        return true;
      }
    }
    return false;
  }

  private static boolean adminLabel(String h) {
    int dot = h.indexOf('.');
    return dot > 6 && h.startsWith("-admin", dot - 6) && isOktaDomain(h);
  }

  /** Lower-case host of an absolute URL (no user info, no port), or null. */
  static @Nullable String hostOf(String url) {
    int scheme = url.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    int colon = authority.startsWith("[") ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
    if (colon > 0) {
      authority = authority.substring(0, colon);
    }
    return authority.isEmpty() ? null : authority.toLowerCase(Locale.ROOT);
  }

  /** Lower-case path of an absolute URL, "" when there is none. */
  static String pathOf(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
    if (start < 0) {
      return "";
    }
    int end = start;
    while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
      end++;
    }
    return url.substring(start, end).toLowerCase(Locale.ROOT);
  }

  private static boolean startsWithAny(String path, List<String> prefixes) {
    for (String p : prefixes) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsAny(String path, List<String> parts) {
    for (String p : parts) {
      if (path.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasHeader(JsonNode msg, String name) {
    for (JsonNode h : msg.path("headers")) {
      if (h.path("name").asText("").equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** A JSON body of a postData or content object (base64 text bodies decoded), or null. */
  private static @Nullable JsonNode json(JsonNode holder) {
    JsonNode t = holder.path("text");
    if (!t.isTextual()) {
      return null;
    }
    String text = t.textValue();
    if (holder.path("encoding").asText("").equalsIgnoreCase("base64")) {
      text = BodyScanner.decodeText(text, holder.path("mimeType").asText(""));
      if (text == null) {
        return null;
      }
    }
    String s = text.strip();
    if (!s.startsWith("{")) {
      return null;
    }
    try {
      JsonNode n = HarJson.MAPPER.readTree(s);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable String firstText(JsonNode o, String... fields) {
    for (String f : fields) {
      JsonNode v = o.get(f);
      if (v != null && v.isTextual() && !v.textValue().isBlank()) {
        return v.textValue();
      }
    }
    return null;
  }

  /** An ISO-8601 instant, with or without offset, or null. */
  static @Nullable Instant instant(String s) {
    if (s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** A Set-Cookie Expires date ("Wed, 21 Oct 2026 07:28:00 GMT", also with dashes), or null. */
  static @Nullable Instant cookieDate(String s) {
    try {
      return ZonedDateTime.parse(s.replace('-', ' '), COOKIE_DATE).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
