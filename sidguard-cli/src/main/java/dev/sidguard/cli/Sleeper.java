package dev.sidguard.cli;

import java.time.Duration;
import java.time.Instant;

/** The poller's clock and its waits, replaceable in tests so nothing really sleeps. */
interface Sleeper {
  Sleeper SYSTEM = new Sleeper() {
    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      if (!d.isNegative() && !d.isZero()) {
        Thread.sleep(d.toMillis());
      }
    }
  };

  Instant now();

  void sleep(Duration d) throws InterruptedException;
}
