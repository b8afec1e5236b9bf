package dev.sidguard.detect;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Browser major version from a raw user agent. Okta already gives the family (client.userAgent
 * browser and os); the major version is what a copied cookie in another browser usually betrays,
 * while an auto-update changes it rarely within one session and the minor part often. Tokens are
 * tried most-specific first: Edge and Opera also say "Chrome/", Chrome also says "Safari/", and
 * Safari carries its version in "Version/".
 */
final class UserAgents {
  private static final String[] TOKENS = {
    "Edg/", "EdgA/", "EdgiOS/", "OPR/", "SamsungBrowser/", "Firefox/", "FxiOS/", "CriOS/", "Chrome/", "Version/"
  };

  // A tenant sees a few hundred distinct user agents and the parser shares one String per value
  // (whose hash is then computed once), so answers are cached per string; bounded for garbage input.
  private static final int MAX_CACHE = 4096;
  private final Map<String, Integer> cache = new HashMap<>();

  /** Like {@link #major(String)}, caching the answers. */
  int majorCached(@Nullable String raw) {
    if (raw == null) {
      return -1;
    }
    Integer hit = cache.get(raw);
    if (hit == null) {
      hit = major(raw);
      if (cache.size() >= MAX_CACHE) {
        cache.clear();
      }
      cache.put(raw, hit);
    }
    return hit;
  }

  /** The major version of the browser in {@code raw}, or -1 when none is recognisable. */
  static int major(@Nullable String raw) {
    if (raw == null) {
      return -1;
    }
    for (String token : TOKENS) {
      int i = raw.indexOf(token);
      if (i >= 0) {
        return number(raw, i + token.length());
      }
    }
    return -1;
  }

  private static int number(String s, int from) {
    int v = 0;
    int i = from;
    while (i < s.length() && i - from < 6) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      i++;
    }
    return i == from ? -1 : v;
  }

  /** True when both are known and differ ("UNKNOWN"/"Unknown" count as not known). */
  static boolean differ(@Nullable String a, @Nullable String b) {
    return a != b && known(a) && known(b) && !a.equalsIgnoreCase(b);
  }

  static boolean known(@Nullable String s) {
    return s != null && !s.isEmpty() && !s.equalsIgnoreCase("unknown");
  }
}
