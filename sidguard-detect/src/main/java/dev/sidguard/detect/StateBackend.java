package dev.sidguard.detect;

import java.time.Duration;

/**
 * Where a {@link DetectCore} keeps its keyed state: the embedded engine's in-memory maps, or a
 * stream processor's keyed state.
 *
 * <p>The backend owns the state clock: an entry written while the core judges an event expires
 * {@code ttl} of event time after that event's time (or the backend's later clock, for an event
 * processed late), and reads treat an expired entry as absent.
 */
public interface StateBackend {
  /**
   * Creates the keyed state {@code namespace} ({@code owner/name}, unique per core) holding values
   * of {@code type}: small immutable records that Jackson can write and read back.
   */
  <V> KeyedState<V> create(String namespace, Class<V> type, Duration ttl);
}
