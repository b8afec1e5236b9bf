package dev.sidguard.detect;

/*
 * A direct-mapped cache of recent strings, for the low-cardinality values of Okta events (event
 * types, outcomes, browsers, countries, cities, AS organisations, user agents). Looking a value up
 * from the parser's char buffer costs a hash over its chars; a hit avoids allocating a String and
 * makes every event (and every state record) share one instance. A collision simply replaces the
 * slot, so memory is bounded at SLOTS strings and nothing ever grows. One per reader: not
 * thread-safe.
 */
final class Interner {
  private static final int SLOTS = 4096;
  private static final int MAX_LENGTH = 256;
  private final String[] table = new String[SLOTS];

  String intern(char[] chars, int offset, int length) {
    if (length > MAX_LENGTH) {
      return new String(chars, offset, length);
    }
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + chars[offset + i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String s = table[slot];
    if (s != null && s.length() == length && s.hashCode() == h && same(s, chars, offset, length)) {
      return s;
    }
    s = new String(chars, offset, length);
    table[slot] = s;
    return s;
  }

  private static boolean same(String s, char[] chars, int offset, int length) {
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
