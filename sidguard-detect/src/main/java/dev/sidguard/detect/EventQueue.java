package dev.sidguard.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * The engine's ordering buffer: a binary min-heap of events by (published, uuid).
 *
 * It holds a few thousand events (every event of the out-of-order window), so a
 * PriorityQueue<OktaEvent> with a composed comparator spent most of each sift dereferencing events
 * scattered over the heap. Here the published times sit in a long[] beside the events, so a sift
 * compares primitives and touches an event only to break a tie on uuid. The sift steps are
 * java.util.PriorityQueue's, step for step, so events that compare equal come out in the same
 * order as before and a snapshot lists the buffer in the same order.
 */
final class EventQueue {
  static final Comparator<OktaEvent> ORDER =
      Comparator.comparingLong(OktaEvent::publishedMillis).thenComparing(OktaEvent::uuid);
  private long[] times = new long[64];
  private OktaEvent[] events = new OktaEvent[64];
  private int size;

  int size() {
    return size;
  }

  /** The earliest event's published time; only when {@code size() > 0}. */
  long headTime() {
    return times[0];
  }

  void add(OktaEvent e) {
    if (size == events.length) {
      times = Arrays.copyOf(times, size * 2);
      events = Arrays.copyOf(events, size * 2);
    }
    long t = e.publishedMillis();
    int k = size++;
    while (k > 0) {
      int parent = (k - 1) >>> 1;
      if (compare(t, e, times[parent], events[parent]) >= 0) {
        break;
      }
      times[k] = times[parent];
      events[k] = events[parent];
      k = parent;
    }
    times[k] = t;
    events[k] = e;
  }

  @Nullable OktaEvent poll() {
    if (size == 0) {
      return null;
    }
    OktaEvent result = events[0];
    int n = --size;
    long t = times[n];
    OktaEvent x = events[n];
    events[n] = null;
    if (n > 0) {
      siftDown(t, x, n);
    }
    return result;
  }

  void clear() {
    Arrays.fill(events, 0, size, null);
    size = 0;
  }

  /** The buffered events in (published, uuid) order, without removing them. */
  List<OktaEvent> sorted() {
    List<OktaEvent> out = new ArrayList<>(Arrays.asList(events).subList(0, size));
    out.sort(ORDER);
    return out;
  }

  private void siftDown(long t, OktaEvent x, int n) {
    int k = 0;
    int half = n >>> 1;
    while (k < half) {
      int child = (k << 1) + 1;
      int right = child + 1;
      if (right < n && compare(times[child], events[child], times[right], events[right]) > 0) {
        child = right;
      }
      if (compare(t, x, times[child], events[child]) <= 0) {
        break;
      }
      times[k] = times[child];
      events[k] = events[child];
      k = child;
    }
    times[k] = t;
    events[k] = x;
  }

  private static int compare(long ta, OktaEvent a, long tb, OktaEvent b) {
    return ta != tb ? Long.compare(ta, tb) : a.uuid().compareTo(b.uuid());
  }
}
