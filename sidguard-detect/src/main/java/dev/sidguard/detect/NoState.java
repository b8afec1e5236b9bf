package dev.sidguard.detect;

import org.jspecify.annotations.Nullable;

/** Placeholder state before {@link Rule#open}: using it is a programming error. */
final class NoState<V> implements KeyedState<V> {
  private static final NoState<Object> INSTANCE = new NoState<>();

  @SuppressWarnings("unchecked")
  static <V> KeyedState<V> instance() {
    return (KeyedState<V>) INSTANCE;
  }

  @Override
  public @Nullable V get(String key) {
    throw new IllegalStateException("rule used before open()");
  }

  @Override
  public void put(String key, V value) {
    throw new IllegalStateException("rule used before open()");
  }

  @Override
  public void remove(String key) {
    throw new IllegalStateException("rule used before open()");
  }
}
