package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Events delivered out of published order within the configured window give the same alerts. */
class OutOfOrderProperties {
  private static final DetectConfig CONFIG = DetectConfig.parse(
      "admin_egress_cidrs: [203.0.113.0/24, 52.10.20.0/24]\ntrusted_asns: [64501]\nout_of_order_window: 5m\n",
      "ooo.yaml");
  private static final List<OktaEvent> SORTED = corpus();
  private static final List<Alert> EXPECTED = Runs.run(CONFIG, Watchlist.empty(), SORTED);

  @Property(tries = 200)
  void shufflingWithinTheWindow_changesNoAlert(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int jitterSeconds) {
    assertThat(EXPECTED).hasSizeGreaterThan(5);
    Random random = new Random(seed);
    long jitterMax = jitterSeconds * 1000L;
    record Arrival(OktaEvent event, long key) {}
    List<Arrival> arrivals = new ArrayList<>();
    for (OktaEvent e : SORTED) {
      long jitter = jitterMax == 0 ? 0 : (long) (random.nextDouble() * jitterMax);
      arrivals.add(new Arrival(e, e.publishedMillis() + jitter));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::key));
    List<OktaEvent> shuffled = arrivals.stream().map(Arrival::event).toList();
    assertThat(Runs.run(CONFIG, Watchlist.empty(), shuffled)).isEqualTo(EXPECTED);
  }

  @Property(tries = 50)
  void anyPermutationOfSimultaneousEvents_changesNoAlert(@ForAll long seed) {
    List<OktaEvent> shuffled = new ArrayList<>(SORTED);
    java.util.Collections.shuffle(shuffled, new Random(seed));
    shuffled.sort(Comparator.comparingLong(e -> e.publishedMillis() / 300_000));
    assertThat(Runs.run(CONFIG, Watchlist.empty(), shuffled)).isEqualTo(EXPECTED);
  }

  /** Every rule sample and the 2023 chain, each shifted to its own day so scenarios do not collide. */
  private static List<OktaEvent> corpus() {
    List<OktaEvent> all = new ArrayList<>();
    String[] files = {
      "chain-2023.ndjson",
      "rules/session-replay/positive-hosting-abroad.ndjson",
      "rules/session-replay/positive-new-asn-country-and-browser.ndjson",
      "rules/session-replay/negative-mobile-ip-churn-within-asn.ndjson",
      "rules/session-replay/negative-commuter-home-to-office.ndjson",
      "rules/token-without-mfa/positive-password-only-session.ndjson",
      "rules/token-without-mfa/negative-mfa-in-session.ndjson",
      "rules/impossible-travel/positive-new-york-and-frankfurt-same-minute.ndjson",
      "rules/impossible-travel/negative-traveller-at-flight-speed.ndjson",
      "rules/admin-console-new-network/positive-console-from-unseen-network.ndjson",
      "rules/privileged-change-untrusted-network/positive-role-grant-from-home.ndjson",
      "rules/sensitive-change-in-suspicious-session/positive-api-token-created-in-flagged-session.ndjson",
    };
    for (int i = 0; i < files.length; i++) {
      long shift = i * 3L * 3_600_000L;
      for (OktaEvent e : Runs.resource(files[i])) {
        all.add(Events.copy(e, i + "-" + e.uuid(), e.publishedMillis() + shift));
      }
    }
    all.sort(Comparator.comparingLong(OktaEvent::publishedMillis).thenComparing(OktaEvent::uuid));
    return all;
  }
}
