package dev.sidguard.detect;

import java.util.Arrays;

/*
 * A direct-mapped cache of recent strings, for the low-cardinality values of Okta events (event
 * types, outcomes, browsers, countries, cities, AS organisations, user agents). Looking a value up
 * from the parser's char buffer costs a hash over its chars; a hit avoids allocating a String and
 * makes every event (and every state record) share one instance. A collision simply replaces the
 * slot, so memory is bounded at SLOTS strings and nothing ever grows. One per reader: not
 * thread-safe.
 *
 * Each slot keeps its string's chars and hash beside it, so a hit is checked with one vectorised
 * array comparison; the hash (String's polynomial) is computed four chars per step, since user
 * agents and Okta's behaviors text run to a hundred chars or more.
 *
 * Even so, hashing costs about a cycle per char while the comparison is vectorised, so a second,
 * "quick" table is probed first with a hash of the length and eight sampled chars. Values that
 * collide there (user agents differing in one version digit) only miss it and fall through to the
 * full hash, so the quick table decides nothing: every returned string equals the input chars.
 */
final class Interner {
  private static final int SLOTS = 4096;
  private static final int MAX_LENGTH = 256;
  private final String[] strings = new String[SLOTS];
  private final char[][] chars = new char[SLOTS][];
  private final int[] hashes = new int[SLOTS];
  private final String[] quickStrings = new String[SLOTS];
  private final char[][] quickChars = new char[SLOTS][];

  String intern(char[] buf, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(buf, offset, length);
    }
    int q = quickSlot(buf, offset, length);
    char[] qc = quickChars[q];
    if (qc != null && Arrays.equals(qc, 0, qc.length, buf, offset, offset + length)) {
      return quickStrings[q];
    }
    int h = hash(buf, offset, length);
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    char[] c = chars[slot];
    String s;
    if (c != null && hashes[slot] == h && Arrays.equals(c, 0, c.length, buf, offset, offset + length)) {
      s = strings[slot];
    } else {
      s = new String(buf, offset, length);
      c = Arrays.copyOfRange(buf, offset, offset + length);
      strings[slot] = s;
      chars[slot] = c;
      hashes[slot] = h;
    }
    quickStrings[q] = s;
    quickChars[q] = c;
    return s;
  }

  private static int quickSlot(char[] c, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    int last = offset + length - 1;
    int step = length >>> 3;
    int h = length;
    for (int i = 0; i < 8; i++) {
      h = 31 * h + c[last - i * step];
    }
    h = 31 * h + c[offset];
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  private static int hash(char[] c, int offset, int length) {
    int h = 0;
    int i = offset;
    int end = offset + length;
    for (; i + 3 < end; i += 4) {
      h = h * 923_521 + c[i] * 29_791 + c[i + 1] * 961 + c[i + 2] * 31 + c[i + 3];
    }
    for (; i < end; i++) {
      h = 31 * h + c[i];
    }
    return h;
  }
}
