package dev.sidguard.har;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/*
 * Secrets already seen in this call, so that an echo of one elsewhere is caught: a session cookie passed on
 * as "partner_uid=" in a cookie-sync redirect, used as a URL path segment, or copied into a response header
 * or a JSON body. Only values of 8 to 4096 characters are remembered (short ones like "1" or "en" would
 * cause false hits), at most 200,000 of them (then the table starts afresh).
 *
 * Lookups run for every parameter value in every text, so they are allocation-free: a length bitmap
 * rejects most candidates, then an open-addressing table is probed with String.hashCode computed over the
 * character range.
 */
final class KnownSecrets implements SecretSink {

  static final int MIN_LENGTH = 8;
  private static final int MAX_LENGTH = 4096;
  private static final int LIMIT = 200_000;

  private final SecretSink delegate;
  private final boolean[] lengths = new boolean[MAX_LENGTH + 1];
  private String[] keys = new String[256];
  private String[] kinds = new String[256];
  private int size;

  KnownSecrets(SecretSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean rewrites() {
    return delegate.rewrites();
  }

  @Override
  public String onSecret(String kind, Loc location, String secret) {
    int len = secret.length();
    if (len >= MIN_LENGTH && len <= MAX_LENGTH) {
      remember(secret, kind);
    }
    return delegate.onSecret(kind, location, secret);
  }

  @Override
  public String onSecretInToken(String kind, Loc location, String secret, String text, int tokenStart,
      int tokenEnd) {
    int len = secret.length();
    if (len >= MIN_LENGTH && len <= MAX_LENGTH) {
      remember(secret, kind);
    }
    return delegate.onSecretInToken(kind, location, secret, text, tokenStart, tokenEnd);
  }

  @Override
  public void enter(long index, @Nullable ObjectNode entry) {
    delegate.enter(index, entry);
  }

  private void remember(String secret, String kind) {
    if (size >= LIMIT) {
      keys = new String[256];
      kinds = new String[256];
      size = 0;
      java.util.Arrays.fill(lengths, false);
    }
    if (2 * (size + 1) > keys.length) {
      String[] oldKeys = keys;
      String[] oldKinds = kinds;
      keys = new String[oldKeys.length * 2];
      kinds = new String[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          insert(oldKeys[i], oldKinds[i]);
        }
      }
    }
    insert(secret, kind);
    lengths[secret.length()] = true;
  }

  private void insert(String key, String kind) {
    int mask = keys.length - 1;
    int i = spread(key.hashCode()) & mask;
    while (keys[i] != null) {
      if (keys[i].equals(key)) {
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    kinds[i] = kind;
    size++;
  }

  /** The kind s[start, end) was redacted as earlier in this call, or null. */
  @Nullable String kindOf(CharSequence s, int start, int end) {
    int len = end - start;
    if (len < MIN_LENGTH || len > MAX_LENGTH || !lengths[len]) {
      return null;
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + s.charAt(i);
    }
    int mask = keys.length - 1;
    for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
      String k = keys[i];
      if (k.length() == len && regionEquals(k, s, start)) {
        return kinds[i];
      }
    }
    return null;
  }

  private static boolean regionEquals(String k, CharSequence s, int start) {
    for (int i = 0; i < k.length(); i++) {
      if (k.charAt(i) != s.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
