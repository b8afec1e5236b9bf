package dev.sidguard.har;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Spans of one string that hold secrets, collected by the detectors and then applied through a
 * {@link SecretSink}. Overlapping spans are merged (the earlier span's kind wins), so no part of a secret
 * survives because two detectors saw it differently.
 */
final class Edits {
  private int size;
  private int[] starts = new int[4];
  private int[] ends = new int[4];
  private String[] kinds = new String[4];
  private @Nullable String[] segments = new String[4];
  private @Nullable Loc[] locs = new Loc[4];
  private int[] tokenStarts = new int[4];

  /** Adds a span; segment (such as "[code]" or ".sid") is appended to the location, null for none. */
  void add(int start, int end, String kind, @Nullable String segment) {
    if (end <= start) {
      return;
    }
    if (size == starts.length) {
      int cap = size * 2;
      starts = Arrays.copyOf(starts, cap);
      ends = Arrays.copyOf(ends, cap);
      kinds = Arrays.copyOf(kinds, cap);
      segments = Arrays.copyOf(segments, cap);
      locs = Arrays.copyOf(locs, cap);
      tokenStarts = Arrays.copyOf(tokenStarts, cap);
    }
    starts[size] = start;
    ends[size] = end;
    kinds[size] = kind;
    segments[size] = segment;
    locs[size] = null;
    tokenStarts[size] = -1;
    size++;
  }

  /** Adds a span that is the tail of a token starting at tokenStart (a JWT signature). */
  void addInToken(int start, int end, String kind, int tokenStart) {
    int before = size;
    add(start, end, kind, null);
    if (size > before) {
      tokenStarts[before] = tokenStart;
    }
  }

  /** Adds a span with its own full location (the apply-time base location is ignored for it). */
  void addAt(int start, int end, String kind, Loc location) {
    int before = size;
    add(start, end, kind, null);
    if (size > before) {
      locs[before] = location;
    }
  }

  void addAll(Edits other) {
    for (int i = 0; i < other.size; i++) {
      add(other.starts[i], other.ends[i], other.kinds[i], other.segments[i]);
      locs[size - 1] = other.locs[i];
      tokenStarts[size - 1] = other.tokenStarts[i];
    }
  }

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Replaces every span of s via the sink; returns s itself when nothing is rewritten. */
  String apply(String s, Loc loc, SecretSink sink) {
    if (size == 0) {
      return s;
    }
    sortAndMerge();
    StringBuilder sb = null;
    int last = 0;
    for (int i = 0; i < size; i++) {
      int st = starts[i];
      int en = ends[i];
      if (Markers.isMarker(s, st, en)) {
        continue;
      }
      String segment = segments[i];
      Loc at = locs[i] != null ? locs[i] : segment == null ? loc : loc.raw(segment);
      String rep = tokenStarts[i] < 0 ? sink.onSecret(kinds[i], at, s.substring(st, en))
          : sink.onSecretInToken(kinds[i], at, s.substring(st, en), s, tokenStarts[i], en);
      if (!sink.rewrites()) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length() + 32);
      }
      sb.append(s, last, st).append(rep);
      last = en;
    }
    if (sb == null) {
      return s;
    }
    return sb.append(s, last, s.length()).toString();
  }

  private void sortAndMerge() {
    for (int i = 1; i < size; i++) {
      for (int j = i; j > 0 && before(j, j - 1); j--) {
        swap(j, j - 1);
      }
    }
    int out = 0;
    for (int i = 0; i < size; i++) {
      if (out > 0 && starts[i] < ends[out - 1]) {
        ends[out - 1] = Math.max(ends[out - 1], ends[i]);
        continue;
      }
      starts[out] = starts[i];
      ends[out] = ends[i];
      kinds[out] = kinds[i];
      segments[out] = segments[i];
      locs[out] = locs[i];
      tokenStarts[out] = tokenStarts[i];
      out++;
    }
    size = out;
  }

  private boolean before(int a, int b) {
    return starts[a] < starts[b] || (starts[a] == starts[b] && ends[a] > ends[b]);
  }

  private void swap(int a, int b) {
    int t = starts[a];
    starts[a] = starts[b];
    starts[b] = t;
    t = ends[a];
    ends[a] = ends[b];
    ends[b] = t;
    String k = kinds[a];
    kinds[a] = kinds[b];
    kinds[b] = k;
    String g = segments[a];
    segments[a] = segments[b];
    segments[b] = g;
    Loc l = locs[a];
    locs[a] = locs[b];
    locs[b] = l;
    t = tokenStarts[a];
    tokenStarts[a] = tokenStarts[b];
    tokenStarts[b] = t;
  }
}
