package dev.sidguard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulates an Okta tenant's System Log (NDJSON, real event shapes) with benign traps and labelled
 * attack scenarios, deterministically for a seed.
 *
 * <pre>{@code
 * Labels labels = TenantSimulator.builder().users(1000).days(7).seed(1).build().write(out);
 * labels.exposure();   // the support-case HAR and its watchlist, with WATCHLISTED_SESSION_REPLAY
 * }</pre>
 */
public final class TenantSimulator {
  /*
   * Streaming. Days are generated one after another: every person's day (their own seeded
   * generator), the machines' day, then the attacks planned for that day. Events go into a
   * priority queue ordered like the detect engine orders (published, then uuid) and leave it as soon
   * as nothing generated later can sort before them: a day's generation never produces events more
   * than 12 hours before the day starts (Tokyo mornings), so after day d every event before
   * day d+1 minus 12 hours is final. Memory holds about a day of events; time is linear in volume.
   *
   * Determinism. All randomness is SplittableRandom seeded from (seed, person, day), (seed, machine,
   * day) or (seed, scenario); iteration orders are fixed; JSON is written field by field. The same
   * settings give the same bytes.
   */
  private static final long HOUR = BenignLife.HOUR;
  private static final long DAY = BenignLife.DAY;
  private static final Comparator<SimEvent> ORDER = (a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
      : a.uuid.compareTo(b.uuid);
  /** The default first day: Monday 2 October 2023, the weeks of the support-system breach. */
  public static final Instant DEFAULT_START = Instant.parse("2023-10-02T00:00:00Z");

  private final int users;
  private final int days;
  private final long seed;
  private final Instant start;
  private final List<Scenario> scenarios;

  private TenantSimulator(Builder b) {
    users = b.users;
    days = b.days;
    seed = b.seed;
    start = b.start;
    scenarios = List.copyOf(b.scenarios);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The tenant configuration the simulated org uses (egress ranges, VPN ASN, privileged groups). */
  public static Labels.TenantConfig tenantConfig() {
    return new Labels.TenantConfig(Tenant.ORG, Net.EGRESS_CIDRS, List.of(Net.VPN.number()), Tenant.PRIVILEGED_GROUPS,
        "12h");
  }

  /**
   * Writes every event as NDJSON to {@code events} (not closed) and returns the labels.
   *
   * @throws UncheckedIOException when writing fails
   */
  public Labels write(OutputStream events) {
    try {
      return generate(events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Labels generate(OutputStream events) throws IOException {
    Tenant tenant = new Tenant(seed);
    List<Person> people = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      people.add(Person.create(i, users, days, new SplittableRandom(Ids.mix(seed, 0x9E0L, i))));
    }
    Person provisioning = new Person(-1, Ids.okta("00u", new SplittableRandom(Ids.mix(seed, 0x5C1L))),
        "svc-provisioning@" + Person.DOMAIN, "Provisioning Service", Person.Role.EMPLOYEE, null, Net.ASHBURN,
        Net.LAKESHORE, false, Net.METRO_WIRELESS, Device.laptop(new SplittableRandom(seed)),
        Device.phone(new SplittableRandom(seed)), true, -1, -1, Net.ASHBURN);
    BenignLife life = new BenignLife(tenant, people, seed, start.toEpochMilli());
    Attacks attacks = new Attacks(tenant, life, people);
    List<Attacks.Plan> plans = plan(people, life);
    Set<Long> taken = new HashSet<>();
    for (Attacks.Plan p : plans) {
      if (Attacks.takesLaptop(p.scenario())) {
        taken.add(key(p.victim().index(), p.day()));
      }
    }

    PriorityQueue<SimEvent> queue = new PriorityQueue<>(ORDER);
    long startMillis = start.toEpochMilli();
    Writer writer = new Writer(events);
    List<Labels.Attack> labels = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      long floor = startMillis + day * DAY - 12 * HOUR;
      Consumer<SimEvent> sink = e -> {
        if (e.time < startMillis) {
          return;
        }
        if (e.time < floor) {
          throw new IllegalStateException("event " + e.type + " at " + Instant.ofEpochMilli(e.time)
              + " generated for a day that starts at " + Instant.ofEpochMilli(floor + 12 * HOUR));
        }
        queue.add(e);
      };
      for (Person p : people) {
        life.day(p, day, taken.contains(key(p.index(), day)), sink);
      }
      life.machines(day, provisioning, sink);
      for (Attacks.Plan p : plans) {
        if (p.day() == day) {
          labels.add(attacks.play(p, sink));
        }
      }
      long finalBefore = startMillis + (day + 1) * DAY - 12 * HOUR;
      while (!queue.isEmpty() && queue.peek().time < finalBefore) {
        writer.write(queue.poll());
      }
    }
    while (!queue.isEmpty()) {
      writer.write(queue.poll());
    }
    writer.close();
    List<Labels.TrapCount> traps = new ArrayList<>();
    for (Map.Entry<Trap, Long> t : life.traps().entrySet()) {
      traps.add(new Labels.TrapCount(t.getKey(), t.getValue()));
    }
    return new Labels(seed, users, days, start, Instant.ofEpochMilli(Math.max(writer.lastTime + 1,
        startMillis + days * DAY)), writer.count, writer.sessions.size(), scenarios, tenantConfig(), labels, traps,
        attacks.exposure());
  }

  private static long key(int person, int day) {
    return ((long) person << 20) | day;
  }

  /** Victims and days: scenarios in order on days 1, 2, … (cycling), never a victim twice. */
  private List<Attacks.Plan> plan(List<Person> people, BenignLife life) {
    List<Attacks.Plan> plans = new ArrayList<>();
    Set<Integer> victims = new HashSet<>();
    int ordinal = 0;
    for (Scenario s : scenarios) {
      ordinal++;
      int day = 1 + (ordinal - 1) % (days - 1);
      SplittableRandom r = new SplittableRandom(Ids.mix(seed, 0xA77ACCL, s.ordinal()));
      List<Person> eligible = new ArrayList<>();
      for (Person p : people) {
        boolean travelling = life.travelling(p, day) || life.travelling(p, day - 1) || life.travelling(p, day + 1);
        if (Attacks.eligible(s, p) && !travelling && !victims.contains(p.index())) {
          eligible.add(p);
        }
      }
      if (eligible.isEmpty()) {
        throw new SimException("too few users (" + users + ") for scenario " + s.id()
            + ": it needs a New York " + (s.expectedRules().contains("privileged-change-untrusted-network")
                || s == Scenario.WATCHLISTED_SESSION_REPLAY ? "admin" : "employee") + " not used by another scenario");
      }
      Person victim = eligible.get(r.nextInt(eligible.size()));
      victims.add(victim.index());
      plans.add(new Attacks.Plan(s, victim, day, r.nextLong(), ordinal));
    }
    return plans;
  }

  /** NDJSON out, counting events and distinct sign-in sessions (102… and idx… ids). */
  private static final class Writer {
    static final com.fasterxml.jackson.core.JsonFactory NDJSON =
        new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator("").build();
    final JsonGenerator g;
    final Set<String> sessions = new HashSet<>();
    long count;
    long lastTime = Long.MIN_VALUE;

    Writer(OutputStream out) throws IOException {
      g = NDJSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    void write(SimEvent e) throws IOException {
      e.write(g);
      g.writeRaw('\n');
      count++;
      lastTime = e.time;
      String s = e.session;
      if (s != null && (s.startsWith("102") || s.startsWith("idx"))) {
        sessions.add(s);
      }
    }

    void close() throws IOException {
      g.close();
    }
  }


  /** Settings of a simulation. */
  public static final class Builder {
    private int users = 1000;
    private int days = 7;
    private long seed = 1;
    private Instant start = DEFAULT_START;
    private List<Scenario> scenarios = List.of(Scenario.values());

    private Builder() {}

    /** Number of employees (default 1000; at least 20 when scenarios run). */
    public Builder users(int users) {
      this.users = users;
      return this;
    }

    /** Number of days simulated (default 7; at least 2 when scenarios run). */
    public Builder days(int days) {
      this.days = days;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Midnight UTC of the first day (default {@link #DEFAULT_START}); truncated to the day. */
    public Builder start(Instant start) {
      this.start = start.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
      return this;
    }

    /** Attack scenarios to plant (default all; empty for a purely benign tenant). */
    public Builder scenarios(java.util.Collection<Scenario> scenarios) {
      this.scenarios = List.copyOf(scenarios.isEmpty() ? List.of() : EnumSet.copyOf(scenarios));
      return this;
    }

    /**
     * @throws SimException when the settings cannot give a meaningful simulation
     */
    public TenantSimulator build() {
      if (users < 1) {
        throw new SimException("--users must be at least 1, not " + users);
      }
      if (days < 1 || days > 366) {
        throw new SimException("--days must be between 1 and 366, not " + days);
      }
      if (!scenarios.isEmpty() && days < 2) {
        throw new SimException("attack scenarios need at least 2 days (day 1 is the detectors' warm-up)");
      }
      if (!scenarios.isEmpty() && users < 20) {
        throw new SimException("attack scenarios need at least 20 users, not " + users);
      }
      return new TenantSimulator(this);
    }
  }
}
