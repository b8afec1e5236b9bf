package dev.sidguard.sim;

import java.util.SplittableRandom;

/*
 * Identifier shapes Okta uses, drawn from a seeded generator: event uuids (time-based, version 1,
 * as in real System Log events), Okta object ids (3-character prefix + 17 base62, e.g. 00u… users,
 * 00g… groups, 0oa… apps), Classic session ids (102 + 22 base62), Identity Engine session ids
 * (idx + 22 base62), request ids (27 characters) and device-token hashes (64 hex).
 */
final class Ids {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  // 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
  private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

  private Ids() {}

  /** A version-1 uuid whose timestamp is {@code millis} and whose clock sequence and node are random. */
  static String uuid(long millis, SplittableRandom r) {
    long ts = millis * 10_000 + GREGORIAN_OFFSET + r.nextInt(10_000);
    char[] c = new char[36];
    hex(c, 0, ts & 0xFFFFFFFFL, 8);
    c[8] = '-';
    hex(c, 9, (ts >>> 32) & 0xFFFF, 4);
    c[13] = '-';
    hex(c, 14, 0x1000 | ((ts >>> 48) & 0x0FFF), 4);
    c[18] = '-';
    hex(c, 19, 0x8000 | r.nextInt(0x4000), 4);
    c[23] = '-';
    hex(c, 24, r.nextLong() & 0xFFFFFFFFFFFFL, 12);
    return new String(c);
  }

  static String okta(String prefix, SplittableRandom r) {
    return prefix + base62(r, 17);
  }

  static String classicSession(SplittableRandom r) {
    return "102" + base62(r, 22);
  }

  static String idxSession(SplittableRandom r) {
    return "idx" + base62(r, 22);
  }

  static String requestId(SplittableRandom r) {
    return base62(r, 27);
  }

  static String dtHash(SplittableRandom r) {
    char[] c = new char[64];
    for (int i = 0; i < 64; i += 16) {
      hex(c, i, r.nextLong(), 16);
    }
    return new String(c);
  }

  static String hex32(SplittableRandom r) {
    char[] c = new char[32];
    hex(c, 0, r.nextLong(), 16);
    hex(c, 16, r.nextLong(), 16);
    return new String(c);
  }

  static String base62(SplittableRandom r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = BASE62[r.nextInt(62)];
    }
    return new String(c);
  }

  private static void hex(char[] out, int at, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 15)];
      v >>>= 4;
    }
  }

  /** A well-mixed 64-bit value from several (SplitMix64 finaliser over a running combination). */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = fmix(h ^ p) + 0x9E3779B97F4A7C15L;
    }
    return fmix(h);
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
