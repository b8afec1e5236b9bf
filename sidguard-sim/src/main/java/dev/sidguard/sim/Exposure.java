package dev.sidguard.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidguard.detect.Watchlist;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A support-case HAR recorded by a simulated admin, holding a live session cookie, and the exposure
 * watchlist lines ({@link Watchlist} format) that {@code sidguard scan --watchlist} writes for it.
 *
 * @param harFile file name of the HAR (e.g. {@code support-case-48213.har})
 * @param har the HAR itself (JSON text, UTF-8)
 * @param watchlist the exposed credentials, in watchlist order
 */
public record Exposure(String harFile, String har, List<Watchlist.Entry> watchlist) {
  public Exposure {
    watchlist = List.copyOf(watchlist);
  }

  /** The watchlist as {@link Watchlist}, for {@code detect}. */
  public Watchlist toWatchlist() {
    return Watchlist.of(watchlist);
  }

  /** The watchlist as JSON Lines, one entry per line, as {@code detect --watchlist} reads it. */
  public byte[] watchlistJsonl() {
    StringBuilder sb = new StringBuilder();
    for (Watchlist.Entry e : watchlist) {
      sb.append(Labels.JSON.valueToTree(line(e)).toString()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode line(Watchlist.Entry e) {
    ObjectNode o = Labels.JSON.createObjectNode();
    o.put("sha256", e.sha256());
    o.put("kind", e.kind());
    put(o, "name", e.name());
    put(o, "tenant", e.tenant());
    put(o, "user", e.user());
    put(o, "har", e.har());
    o.put("exposedFrom", e.exposedFrom().toString());
    o.put("exposedTo", e.exposedTo().toString());
    Instant expires = e.expiresAt();
    if (expires != null) {
      o.put("expiresAt", expires.toString());
    }
    return o;
  }

  private static void put(ObjectNode o, String key, @org.jspecify.annotations.Nullable String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
