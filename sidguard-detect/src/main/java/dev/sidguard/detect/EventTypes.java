package dev.sidguard.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/*
 * A configured set of event-type patterns ('*' matches any run of characters). The vocabulary of
 * Okta event types is a few hundred strings, so answers are cached per type and the regex runs
 * once per distinct type; the cache is bounded in case of garbage input.
 */
final class EventTypes {
  private static final int MAX_CACHE = 4096;
  private final Pattern pattern;
  private final Map<String, Boolean> cache = new HashMap<>();

  EventTypes(List<String> patterns) {
    StringBuilder re = new StringBuilder();
    for (String p : patterns) {
      if (re.length() > 0) {
        re.append('|');
      }
      for (String part : p.split("\\*", -1)) {
        re.append(Pattern.quote(part)).append(".*");
      }
      re.setLength(re.length() - 2);
    }
    pattern = Pattern.compile(re.length() == 0 ? "(?!)" : re.toString(), Pattern.CASE_INSENSITIVE);
  }

  boolean matches(String eventType) {
    Boolean hit = cache.get(eventType);
    if (hit == null) {
      hit = pattern.matcher(eventType).matches();
      if (cache.size() >= MAX_CACHE) {
        cache.clear();
      }
      cache.put(eventType, hit);
    }
    return hit;
  }
}
