package dev.sidguard.har;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Marker format: REDACTED-<kind>-<fp>, kind = [a-z0-9-]+, fp = first 12 lowercase hex chars of
 * HMAC-SHA256(key, UTF-8 bytes of the secret). One instance per sanitize call: its key is 32 random bytes
 * from SecureRandom, never stored or exposed, so markers of two calls cannot be linked and a fingerprint
 * cannot be brute-forced without the key. Only [A-Za-z0-9-] appears in a marker, so it is valid in a
 * cookie, a URL, JSON and base64url (a JWT whose signature is a marker still splits into three parts).
 * Fingerprints are cached per call (bounded) because the same cookie repeats in every request.
 */
final class Markers {

  static final String PREFIX = "REDACTED-";
  static final int FP_HEX = 12;
  private static final int CACHE_LIMIT = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Mac mac;
  private final Map<String, String> cache = new HashMap<>(1024);

  Markers() {
    this(randomKey());
  }

  /** Fingerprints keyed with the given key (a scanner's stable key); the array is not kept. */
  Markers(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  String fingerprint(String secret) {
    String fp = cache.get(secret);
    if (fp == null) {
      byte[] h = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      char[] out = new char[FP_HEX];
      for (int i = 0; i < FP_HEX / 2; i++) {
        out[2 * i] = HEX[(h[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[h[i] & 0xf];
      }
      fp = new String(out);
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(secret, fp);
    }
    return fp;
  }

  String marker(String kind, String secret) {
    return PREFIX + kind + "-" + fingerprint(secret);
  }

  static boolean isMarker(CharSequence s) {
    return isMarker(s, 0, s.length());
  }

  /** Whether s[start, end) is exactly one marker. */
  static boolean isMarker(CharSequence s, int start, int end) {
    int len = end - start;
    if (len < PREFIX.length() + 2 + FP_HEX || s.charAt(start) != 'R') {
      return false;
    }
    for (int i = 0; i < PREFIX.length(); i++) {
      if (s.charAt(start + i) != PREFIX.charAt(i)) {
        return false;
      }
    }
    int fpStart = end - FP_HEX;
    if (s.charAt(fpStart - 1) != '-') {
      return false;
    }
    for (int i = fpStart; i < end; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    for (int i = start + PREFIX.length(); i < fpStart - 1; i++) {
      if (!isKindChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isValidKind(String kind) {
    if (kind.isEmpty() || kind.startsWith("-") || kind.endsWith("-")) {
      return false;
    }
    for (int i = 0; i < kind.length(); i++) {
      if (!isKindChar(kind.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKindChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }
}
