package dev.sidguard.har;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/*
 * Which parameter, form-field, JSON-key, cookie and header names carry secrets.
 *
 * Normalisation: ASCII letters are lower-cased, ASCII digits kept, every other character dropped, a %XX
 * escape dropped as a whole, then trailing digits removed. So access_token, access-token, accessToken,
 * ACCESS.TOKEN, access%5Ftoken and access_token2 all become "accesstoken"; user[password] becomes
 * "userpassword".
 *
 * Matching (first rule that applies wins):
 *   1. keep list: the normalised name is on it -> never redacted by name (token shapes are still found);
 *   2. exact list: the whole normalised name is on it ("code", "state", "sid");
 *   3. suffix list: the normalised name ends with an entry ("token", "password", "secret", "apikey").
 * Weak names ("code", "state") also name error codes and UI state, so their values are replaced only when
 * they look random (see looksRandom); a container under a weak name is not redacted as a whole.
 * Short or ambiguous words ("code", "state", "key", "auth") are only ever exact names, never suffixes, so
 * zipcode, country_code, tokenizer, codec or author do not match.
 *
 * Lookups run on hot paths (every JSON key of every body, every '=' in a script), so they normalise into a
 * caller-owned char buffer and probe open-addressing tables without allocating.
 */
final class NameRules {

  private final CharTable exact;
  private final CharTable suffixes;
  private final CharTable keep;
  private final CharTable weak;
  private final int[] suffixLengths;
  private final boolean[] exactLengths = new boolean[257];
  private final boolean[] suffixLastChars = new boolean[128];

  NameRules(Map<String, String> exactKinds, Map<String, String> suffixKinds, Set<String> keepNames,
      Set<String> weakNames) {
    this.weak = new CharTable(toMap(weakNames));
    this.exact = new CharTable(exactKinds);
    this.suffixes = new CharTable(suffixKinds);
    this.keep = new CharTable(toMap(keepNames));
    Set<Integer> lengths = new TreeSet<>();
    for (String s : suffixKinds.keySet()) {
      lengths.add(s.length());
    }
    this.suffixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
    for (String s : exactKinds.keySet()) {
      exactLengths[Math.min(s.length(), 256)] = true;
    }
    for (String s : suffixKinds.keySet()) {
      char last = s.isEmpty() ? 0 : s.charAt(s.length() - 1);
      if (last < 128) {
        suffixLastChars[last] = true;
      }
    }
  }

  private static Map<String, String> toMap(Set<String> names) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String n : names) {
      m.put(n, "");
    }
    return m;
  }

  /** Normalises a name as documented above; the empty string when nothing is left. */
  static String normalize(String name) {
    char[] buf = new char[Math.max(16, name.length())];
    int n = normalizeInto(name, 0, name.length(), buf);
    return n < 0 ? "" : new String(buf, 0, n);
  }

  /** Normalises s[start, end) into buf; returns the length, or -1 when buf is too small. */
  static int normalizeInto(CharSequence s, int start, int end, char[] buf) {
    int n = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < end && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        i += 2;
        continue;
      }
      char out;
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        out = c;
      } else if (c >= 'A' && c <= 'Z') {
        out = (char) (c + ('a' - 'A'));
      } else {
        continue;
      }
      if (n == buf.length) {
        return -1;
      }
      buf[n++] = out;
    }
    while (n > 0 && buf[n - 1] >= '0' && buf[n - 1] <= '9') {
      n--;
    }
    return n;
  }

  static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** The kind for an already normalised name in buf[0, n), or null. */
  @Nullable String kindOfNormalized(char[] buf, int n) {
    if (n <= 0) {
      return null;
    }
    String k = exactLengths[Math.min(n, 256)] ? exact.get(buf, 0, n) : null;
    if (k == null && buf[n - 1] < 128 && suffixLastChars[buf[n - 1]]) {
      for (int len : suffixLengths) {
        if (len > n) {
          break;
        }
        k = suffixes.get(buf, n - len, len);
        if (k != null) {
          break;
        }
      }
    }
    return k == null || keep.get(buf, 0, n) != null ? null : k;
  }

  boolean isKept(char[] buf, int n) {
    return n > 0 && keep.get(buf, 0, n) != null;
  }

  /** A per-call, allocation-free matcher over these rules (not thread-safe). */
  Matcher matcher() {
    return new Matcher(this);
  }

  /** At least 8 characters with a digit or with both upper- and lower-case letters. */
  static boolean looksRandom(CharSequence v) {
    if (v.length() < 8) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return upper && lower;
  }

  static final class Matcher {
    private final NameRules rules;
    private final char[] buf = new char[256];
    private boolean weak;

    private Matcher(NameRules rules) {
      this.rules = rules;
    }

    @Nullable String kindOf(CharSequence s) {
      return kindOf(s, 0, s.length());
    }

    /** The kind of a sensitive name (weak names included; see {@link #isWeak()}), or null. */
    @Nullable String kindOf(CharSequence s, int start, int end) {
      int n = normalizeInto(s, start, end, buf);
      String kind = n < 0 ? null : rules.kindOfNormalized(buf, n);
      weak = kind != null && rules.weak.get(buf, 0, n) != null;
      return kind;
    }

    /** Whether the last name that matched is a weak one. */
    boolean isWeak() {
      return weak;
    }

    /** The kind when a value under this name is a secret: always for strong names, if random for weak ones. */
    @Nullable String kindFor(CharSequence name, CharSequence value) {
      String kind = kindOf(name, 0, name.length());
      return kind != null && weak && !looksRandom(value) ? null : kind;
    }

    /** The kind a container (object or array) under this name passes to all its leaves; weak names pass none. */
    @Nullable String containerKind(CharSequence name) {
      String kind = kindOf(name, 0, name.length());
      return weak ? null : kind;
    }

    boolean isKept(CharSequence s) {
      int n = normalizeInto(s, 0, s.length(), buf);
      return n > 0 && rules.isKept(buf, n);
    }
  }

  /** Open-addressing String table probed by a char range, so lookups allocate nothing. */
  static final class CharTable {
    private final String[] keys;
    private final String[] values;
    private final int mask;

    CharTable(Map<String, String> entries) {
      int cap = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
      keys = new String[cap];
      values = new String[cap];
      mask = cap - 1;
      for (Map.Entry<String, String> e : entries.entrySet()) {
        String k = e.getKey();
        int i = spread(k.hashCode()) & mask;
        while (keys[i] != null && !keys[i].equals(k)) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = e.getValue();
      }
    }

    @Nullable String get(char[] b, int off, int len) {
      int h = 0;
      for (int i = off; i < off + len; i++) {
        h = 31 * h + b[i];
      }
      int i = spread(h) & mask;
      while (true) {
        String k = keys[i];
        if (k == null) {
          return null;
        }
        if (k.length() == len && regionEquals(k, b, off, len)) {
          return values[i];
        }
        i = (i + 1) & mask;
      }
    }

    private static boolean regionEquals(String k, char[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        if (k.charAt(i) != b[off + i]) {
          return false;
        }
      }
      return true;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }
  }
}
