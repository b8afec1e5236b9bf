package dev.sidguard.cli;

import dev.sidguard.detect.OktaEvent;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uuids of events within the out-of-order window of the newest one: Okta's repeats are dropped. */
final class RecentUuids {
  private final long windowMillis;
  private final LinkedHashMap<String, Long> byUuid = new LinkedHashMap<>();
  private long newest = Long.MIN_VALUE;
  private long addsSincePrune;

  RecentUuids(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  boolean firstTime(OktaEvent e) {
    if (e.uuid().isEmpty() || !e.hasTime()) {
      return true;
    }
    if (byUuid.putIfAbsent(e.uuid(), e.publishedMillis()) != null) {
      return false;
    }
    newest = Math.max(newest, e.publishedMillis());
    if (++addsSincePrune >= 4096) {
      prune();
    }
    return true;
  }

  private void prune() {
    addsSincePrune = 0;
    long oldest = newest - windowMillis;
    for (Iterator<Long> it = byUuid.values().iterator(); it.hasNext(); ) {
      if (it.next() < oldest) {
        it.remove();
      }
    }
  }

  Map<String, Long> snapshot() {
    prune();
    return Map.copyOf(byUuid);
  }

  void restore(Map<String, Long> saved) {
    byUuid.clear();
    byUuid.putAll(saved);
    newest = saved.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
  }
}
