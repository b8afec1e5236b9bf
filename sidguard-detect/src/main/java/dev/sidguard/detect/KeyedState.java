package dev.sidguard.detect;

import org.jspecify.annotations.Nullable;

/**
 * State scoped by a key (a session id, a user): the only memory a rule has between events. The
 * engine expires entries by event time, checkpoints them and restores them.
 */
public interface KeyedState<V> {
  /** The live value for {@code key}, or null when absent or expired. */
  @Nullable V get(String key);

  /** Stores {@code value}; its time-to-live restarts at the current event's time. */
  void put(String key, V value);

  void remove(String key);
}
