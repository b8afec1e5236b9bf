package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Finds secrets in a JSON text (a request or response body, a WebSocket frame) without building a tree:
 * a streaming parse over the String, with a stack of small frames for the path. Replacements are made on
 * the raw text (the whole string literal, quotes included, is swapped for a newly quoted value), so the
 * body keeps its exact formatting, key order and number spelling; only changed literals differ.
 *
 * Rules: a string under a sensitive key is replaced whole; every string (and every string leaf of an
 * object or array) under a sensitive key is replaced whole; {"name": "<sensitive>", "value": "…"} pairs
 * (Okta IDX remediation forms, HAR-like header lists) have their value replaced whatever the key order; any
 * other string goes through the TextScanner (JWTs, token shapes, URLs with sensitive parameters).
 * Numbers and booleans are never replaced: {"code": 200} is a status, not an OAuth code.
 */
final class JsonBodyScanner {

  private static final class Frame {
    boolean array;
    int index;
    String key = "";
    @Nullable String inherited;
    @Nullable String pairName;
    boolean hasValue;
    int valueStart;
    int valueEnd;
    String valueText = "";

    void reset(boolean isArray, @Nullable String inheritedKind) {
      array = isArray;
      index = 0;
      key = "";
      inherited = inheritedKind;
      pairName = null;
      hasValue = false;
    }
  }

  private final NameRules.Matcher names;
  private final TextScanner text;
  private final SecretSink sink;
  private final @Nullable KnownSecrets known;
  private final List<Frame> pool = new ArrayList<>();
  private int depth;
  private int size;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private String[] reps = new String[8];

  JsonBodyScanner(NameRules.Matcher names, TextScanner text, SecretSink sink) {
    this.names = names;
    this.text = text;
    this.sink = sink;
    this.known = sink instanceof KnownSecrets k ? k : null;
  }

  /** The rewritten body, the same instance when nothing changed, or null when json is not valid JSON. */
  @Nullable String scan(String json, Loc base) {
    depth = 0;
    size = 0;
    try (JsonParser p = HarJson.FACTORY.createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> push(t == JsonToken.START_ARRAY, containerKind());
          case END_OBJECT -> {
            finishObject(base);
            pop();
          }
          case END_ARRAY -> pop();
          case FIELD_NAME -> top().key = p.currentName();
          case VALUE_STRING -> string(p, base);
          default -> advance();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return size == 0 ? json : rebuild(json);
  }

  private @Nullable Frame topOrNull() {
    return depth == 0 ? null : pool.get(depth - 1);
  }

  private Frame top() {
    return pool.get(depth - 1);
  }

  private @Nullable String containerKind() {
    Frame f = topOrNull();
    if (f == null) {
      return null;
    }
    if (f.inherited != null) {
      return f.inherited;
    }
    return f.array ? null : names.containerKind(f.key);
  }

  private @Nullable String stringKind(String value) {
    Frame f = topOrNull();
    if (f == null) {
      return null;
    }
    if (f.inherited != null) {
      return f.inherited;
    }
    return f.array ? null : names.kindFor(f.key, value);
  }

  private void push(boolean array, @Nullable String inherited) {
    if (depth == pool.size()) {
      pool.add(new Frame());
    }
    pool.get(depth++).reset(array, inherited);
  }

  private void pop() {
    depth--;
    advance();
  }

  private void advance() {
    Frame f = topOrNull();
    if (f != null && f.array) {
      f.index++;
    }
  }

  private void string(JsonParser p, Loc base) throws IOException {
    String value = p.getText();
    Frame f = topOrNull();
    String kind = stringKind(value);
    if (kind == null && known != null) {
      kind = known.kindOf(value, 0, value.length());
    }
    if (f != null && !f.array && kind == null) {
      if (f.key.equals("value")) {
        f.hasValue = true;
        f.valueText = value;
        f.valueStart = (int) p.currentTokenLocation().getCharOffset();
        f.valueEnd = (int) p.currentLocation().getCharOffset();
        return;
      }
      if (f.key.equals("name")) {
        f.pairName = value;
      }
    }
    if (kind != null) {
      if (!value.isEmpty() && !Markers.isMarker(value)) {
        replaceWhole(p, kind, loc(base, depth, true), value);
      }
    } else {
      Edits e = text.find(value);
      if (e != null) {
        String changed = e.apply(value, loc(base, depth, true), sink);
        if (changed != value) {
          record((int) p.currentTokenLocation().getCharOffset(), (int) p.currentLocation().getCharOffset(),
              changed);
        }
      }
    }
    advance();
  }

  private void replaceWhole(JsonParser p, String kind, Loc loc, String value) {
    String rep = sink.onSecret(kind, loc, value);
    if (sink.rewrites()) {
      record((int) p.currentTokenLocation().getCharOffset(), (int) p.currentLocation().getCharOffset(), rep);
    }
  }

  private void finishObject(Loc base) {
    Frame f = top();
    if (!f.hasValue) {
      return;
    }
    String value = f.valueText;
    String kind = f.pairName == null ? null : names.kindFor(f.pairName, value);
    if (kind != null) {
      if (!value.isEmpty() && !Markers.isMarker(value)) {
        String rep = sink.onSecret(kind, loc(base, depth - 1, true).key(f.pairName), value);
        if (sink.rewrites()) {
          record(f.valueStart, f.valueEnd, rep);
        }
      }
      return;
    }
    Edits e = text.find(value);
    if (e != null) {
      String changed = e.apply(value, loc(base, depth - 1, true).field("value"), sink);
      if (changed != value) {
        record(f.valueStart, f.valueEnd, changed);
      }
    }
  }

  /** The location of the current value: the path through frames [0, upTo), plus the top key or index. */
  private Loc loc(Loc base, int upTo, boolean withCurrent) {
    Loc l = base.raw("$");
    for (int i = 0; i < upTo; i++) {
      Frame f = pool.get(i);
      boolean last = i == upTo - 1;
      if (last && !withCurrent) {
        break;
      }
      l = f.array ? l.index(f.index) : l.field(f.key);
    }
    return l;
  }

  private void record(int start, int end, String newValue) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      reps = Arrays.copyOf(reps, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    reps[size] = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(newValue)) + '"';
    size++;
  }

  private String rebuild(String json) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(starts[a], starts[b]));
    StringBuilder sb = new StringBuilder(json.length() + 64 * size);
    int last = 0;
    for (int i : order) {
      sb.append(json, last, starts[i]).append(reps[i]);
      last = ends[i];
    }
    return sb.append(json, last, json.length()).toString();
  }
}
