package dev.sidguard.har;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One credential occurrence found by {@link HarScanner}: where it is, what it is and whether it still works;
 * never its value.
 *
 * @param file the source name the HAR was scanned under
 * @param entry index in {@code log.entries}, or -1 for a member outside the entries (pages, creator)
 * @param location readable path inside the entry, e.g. {@code request.headers[Cookie].sid} or
 *     {@code response.content.text(base64)$.refresh_token}
 * @param kind what the value is, in the sanitizer's marker words ({@code cookie}, {@code bearer-token},
 *     {@code jwt-signature}, {@code password}, …)
 * @param fingerprint keyed fingerprint of the value (12 hex characters of HMAC-SHA256), equal for equal
 *     values within one scanner
 * @param live whether the credential still works as far as the HAR and the clock tell (see {@link HarScanner})
 * @param expiresAt the known expiry the liveness was judged by, or null
 * @param host the host of the entry's request URL, or null
 * @param tenant the Okta org host the credential belongs to ({@code acme.okta.com}), or null
 * @param user the user it belongs to (Okta login, JWT email or subject), or null
 * @param admin whether the HAR shows the tenant's admin console in use
 */
public record Finding(String file, long entry, String location, String kind, String fingerprint, Live live,
    @Nullable Instant expiresAt, @Nullable String host, @Nullable String tenant, @Nullable String user,
    boolean admin) {

  /** Whether a credential still works: {@code true}, {@code false} or {@code unknown}. */
  public enum Live {
    TRUE, FALSE, UNKNOWN;

    /** {@code "true"}, {@code "false"} or {@code "unknown"}. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the non-null components. */
  public Finding {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(live, "live");
  }

  /**
   * The cookie, header, parameter or JSON key the value was under: the last named segment of the location
   * ({@code sid} for {@code request.headers[Cookie].sid}), or the empty string.
   */
  public String name() {
    return nameOf(location);
  }

  static String nameOf(String location) {
    int end = location.length();
    while (end > 0) {
      if (location.charAt(end - 1) == ']') {
        int open = location.lastIndexOf('[', end - 1);
        if (open < 0) {
          return "";
        }
        String inside = location.substring(open + 1, end - 1);
        if (!inside.isEmpty() && !isDigits(inside)) {
          return inside;
        }
        end = open;
        continue;
      }
      int dot = location.lastIndexOf('.', end - 1);
      boolean inJson = location.lastIndexOf('$', end - 1) >= 0;
      boolean afterKey = dot > 0 && location.charAt(dot - 1) == ']'
          && !isDigits(location.substring(location.lastIndexOf('[', dot) + 1, dot - 1));
      if (dot < 0 || !(inJson || afterKey)) {
        return "";
      }
      String seg = location.substring(dot + 1, end);
      return seg.indexOf('$') >= 0 || seg.indexOf('(') >= 0 ? "" : seg;
    }
    return "";
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
