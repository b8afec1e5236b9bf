package dev.sidguard.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Plays each attack scenario on its victim's day: the victim's own (benign) laptop session of the
 * day where the scenario needs one, then the attacker's events, which alone are labelled malicious.
 * Attackers live on the hosting networks, residential proxies and foreign ISPs of Net; their
 * browsers differ from the victim's exactly as far as the scenario says (the patient ones copy
 * the DT cookie and the user agent from the HAR).
 */
final class Attacks {
  private static final long MINUTE = BenignLife.MINUTE;
  private static final long HOUR = BenignLife.HOUR;

  private final Tenant tenant;
  private final BenignLife life;
  private final List<Person> people;
  private @Nullable Exposure exposure;

  Attacks(Tenant tenant, BenignLife life, List<Person> people) {
    this.tenant = tenant;
    this.life = life;
    this.people = people;
  }

  @Nullable Exposure exposure() {
    return exposure;
  }

  /** One planned attack: scenario, victim, day, and the generator for its randomness. */
  record Plan(Scenario scenario, Person victim, int day, long seed, int ordinal) {}

  /** Events of an attack, with the attacker's own marked. */
  private static final class Recorder implements Consumer<SimEvent> {
    final Consumer<SimEvent> out;
    final List<String> malicious = new ArrayList<>();
    final List<String> sessions = new ArrayList<>();
    boolean attacker;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Recorder(Consumer<SimEvent> out) {
      this.out = out;
    }

    @Override
    public void accept(SimEvent e) {
      if (attacker) {
        malicious.add(e.uuid);
        first = Math.min(first, e.time);
        last = Math.max(last, e.time);
        if (e.session != null && !sessions.contains(e.session)) {
          sessions.add(e.session);
        }
      }
      out.accept(e);
    }
  }

  /** Whether {@code s} plays the victim's laptop session of the day itself. */
  static boolean takesLaptop(Scenario s) {
    return s != Scenario.TOKEN_WITHOUT_MFA && s != Scenario.PRIVILEGED_CHANGE_OUTSIDE_EGRESS;
  }

  /** Who can be the victim of {@code s}: the attacker's places are chosen near New York. */
  static boolean eligible(Scenario s, Person p) {
    boolean newYork = p.office() == Person.Office.NEW_YORK && p.home().utcOffset() == -5
        && p.home().country().equals("United States") && !p.home().equals(Net.BOSTON);
    return switch (s) {
      case HAR_REPLAY_2023, PRIVILEGED_CHANGE_OUTSIDE_EGRESS, WATCHLISTED_SESSION_REPLAY -> p.admin() && newYork;
      case SLOW_REPLAY_DATACENTER, TOKEN_WITHOUT_MFA, IMPOSSIBLE_TRAVEL ->
          p.role() == Person.Role.EMPLOYEE && newYork;
    };
  }

  Labels.Attack play(Plan plan, Consumer<SimEvent> out) {
    Recorder rec = new Recorder(out);
    SplittableRandom r = new SplittableRandom(plan.seed());
    long windowStart = switch (plan.scenario()) {
      case HAR_REPLAY_2023 -> har2023(plan, r, rec);
      case SLOW_REPLAY_DATACENTER -> slowReplay(plan, r, rec);
      case TOKEN_WITHOUT_MFA -> tokenWithoutMfa(plan, r, rec);
      case PRIVILEGED_CHANGE_OUTSIDE_EGRESS -> privilegedChange(plan, r, rec);
      case IMPOSSIBLE_TRAVEL -> impossibleTravel(plan, r, rec);
      case WATCHLISTED_SESSION_REPLAY -> watchlistedReplay(plan, r, rec);
    };
    List<String> users = new ArrayList<>(List.of(plan.victim().login()));
    return new Labels.Attack(plan.scenario().id() + "-" + plan.ordinal(), plan.scenario(), users, rec.sessions,
        rec.malicious, Instant.ofEpochMilli(Math.min(windowStart, rec.first)), Instant.ofEpochMilli(rec.last),
        plan.scenario().expectedRules());
  }

  private Session legit(Person p, int day, boolean classic, BenignLife.Mode mode, double fromHour,
      SplittableRandom r, Recorder rec) {
    Net.Endpoint at = life.endpoint(p, mode, r);
    Session s = new Session(p, tenant, classic, p.laptop(), p.laptopMajor(day), at, r, rec);
    life.signIn(s, life.local(day, p.home(), fromHour + r.nextDouble() * 0.5));
    return s;
  }

  private void work(Session s, long until, SplittableRandom r, boolean admin) {
    while (true) {
      long t = s.last + (10 + r.nextInt(35)) * MINUTE;
      if (t > until) {
        return;
      }
      if (s.user.ipv6() && s.at.v6()) {
        s.at = life.home(s.user, r);
      } else if (s.at.asn() == Net.ACME_NY) {
        s.at = Net.officeNy(r);
      }
      if (admin && r.nextInt(3) == 0) {
        if (s.lastMfa < t - 2 * HOUR) {
          s.mfa(t);
          t += 20_000;
        }
        s.adminConsole(t);
        Person other = people.get(r.nextInt(people.size()));
        s.groupAdd(t + 90_000, tenant.groups.get(r.nextInt(tenant.groups.size())), other.id(), other.login(),
            other.displayName());
      } else if (r.nextInt(4) == 0) {
        s.tokenGrant(t, tenant.oidc.get(r.nextInt(tenant.oidc.size())));
      } else {
        s.sso(t, tenant.saml.get(r.nextInt(tenant.saml.size())));
      }
    }
  }

  /** The attacker takes over {@code s}: from now on its events come from {@code at} with {@code ua}. */
  private static void hijack(Session s, Net.Endpoint at, Device device, String ua, String dtHash, Recorder rec) {
    s.at = at;
    s.device = device;
    s.userAgent = ua;
    s.dtHash = dtHash;
    rec.attacker = true;
  }

  private long har2023(Plan plan, SplittableRandom r, Recorder rec) {
    Person admin = plan.victim();
    Session s = legit(admin, plan.day(), true, BenignLife.Mode.OFFICE, 8.5, r, rec);
    work(s, life.local(plan.day(), admin.home(), 11.5), r, true);
    Net.Endpoint saved = s.at;
    Device savedDevice = s.device;
    String savedUa = s.userAgent;
    String savedDt = s.dtHash;
    Device.Kind kind = admin.laptop().kind() == Device.Kind.WINDOWS_CHROME ? Device.Kind.MAC_CHROME
        : Device.Kind.WINDOWS_CHROME;
    Device attacker = new Device(kind, 118, Ids.dtHash(r));
    hijack(s, Net.hosting(Net.NIMBUS, Net.AMSTERDAM, 60 + r.nextInt(20)), attacker, attacker.userAgent(118, 5993),
        attacker.dtHash(), rec);
    long t = life.local(plan.day(), admin.home(), 13 + r.nextDouble());
    s.adminConsole(t);
    String backdoorId = Ids.okta("00u", r);
    String backdoor = "it.helpdesk.ops@" + Person.DOMAIN;
    s.userCreate(t + 3 * MINUTE + r.nextInt(60_000), backdoorId, backdoor, "IT Helpdesk Ops");
    s.groupAdd(s.last + 2 * MINUTE + r.nextInt(60_000), tenant.privileged.get(0), backdoorId, backdoor,
        "IT Helpdesk Ops");
    String idp = Ids.okta("0oa", r);
    s.idpLifecycle(s.last + 4 * MINUTE + r.nextInt(60_000), "create", idp, "Azure AD SSO");
    s.idpLifecycle(s.last + 40_000 + r.nextInt(20_000), "activate", idp, "Azure AD SSO");
    rec.attacker = false;
    s.at = saved;
    s.device = savedDevice;
    s.userAgent = savedUa;
    s.dtHash = savedDt;
    s.last = life.local(plan.day(), admin.home(), 14.5);
    work(s, life.local(plan.day(), admin.home(), 17), r, false);
    return rec.first;
  }

  private long slowReplay(Plan plan, SplittableRandom r, Recorder rec) {
    Person p = plan.victim();
    Session s = legit(p, plan.day(), false, BenignLife.Mode.HOME, 8, r, rec);
    work(s, life.local(plan.day(), p.home(), 12), r, false);
    String ua = nearIdentical(s.userAgent);
    hijack(s, Net.hosting(Net.POTOMAC_DC, Net.ASHBURN, 80 + r.nextInt(20)), s.device, ua, s.dtHash, rec);
    long t = s.last + (long) ((4.5 + r.nextDouble() * 2) * HOUR);
    s.sso(t, tenant.saml.get(2));
    s.sso(s.last + (3 + r.nextInt(8)) * MINUTE, tenant.saml.get(1));
    s.tokenGrant(s.last + (2 + r.nextInt(8)) * MINUTE, tenant.oidc.get(1));
    s.sso(s.last + (5 + r.nextInt(10)) * MINUTE, tenant.saml.get(7));
    rec.attacker = false;
    return rec.first;
  }

  /** The same user agent with one platform or build detail changed. */
  static String nearIdentical(String ua) {
    if (ua.contains("10_15_7")) {
      return ua.replace("10_15_7", "10_15_6");
    }
    if (ua.contains("Win64; x64")) {
      return ua.replace("Win64; x64", "WOW64");
    }
    return ua.replace("Safari/", "Safari/ ").strip();
  }

  private long tokenWithoutMfa(Plan plan, SplittableRandom r, Recorder rec) {
    Person p = plan.victim();
    Device device = new Device(Device.Kind.WINDOWS_CHROME, 117, Ids.dtHash(r));
    Net.Endpoint at = Net.fixed(Net.PROXY_RESIDENTIAL, Net.PHILADELPHIA, r);
    rec.attacker = true;
    Session s = new Session(p, tenant, true, device, 117, at, r, rec);
    long t = life.local(plan.day(), p.home(), 3.5 + r.nextDouble());
    s.start(t, false);
    s.tokenGrant(s.last + (1 + r.nextInt(3)) * MINUTE, tenant.oidc.get(0));
    s.tokenGrant(s.last + (2 + r.nextInt(5)) * MINUTE, tenant.oidc.get(1));
    s.sso(s.last + (2 + r.nextInt(5)) * MINUTE, tenant.saml.get(7));
    rec.attacker = false;
    return rec.first;
  }

  private long privilegedChange(Plan plan, SplittableRandom r, Recorder rec) {
    Person admin = plan.victim();
    Device device = new Device(Device.Kind.WINDOWS_EDGE, 118, Ids.dtHash(r));
    Net.Endpoint at = Net.fixed(Net.PROXY_RESIDENTIAL, Net.PHILADELPHIA, r);
    rec.attacker = true;
    Session s = new Session(admin, tenant, false, device, 118, at, r, rec);
    long t = life.local(plan.day(), admin.home(), 23.3 + r.nextDouble() * 0.5);
    s.start(t, false);
    s.mfa(s.last + (40 + r.nextInt(60)) * 1000L);
    s.adminConsole(s.last + (1 + r.nextInt(2)) * MINUTE);
    Person grantee = people.get(people.size() - 1 - r.nextInt(Math.max(1, people.size() / 2)));
    s.privilegeGrant(s.last + (2 + r.nextInt(4)) * MINUTE, "Super administrator", grantee.id(), grantee.login(),
        grantee.displayName());
    rec.attacker = false;
    return rec.first;
  }

  private long impossibleTravel(Plan plan, SplittableRandom r, Recorder rec) {
    Person p = plan.victim();
    Session s = legit(p, plan.day(), p.classic(), BenignLife.Mode.HOME, 8, r, rec);
    work(s, life.local(plan.day(), p.home(), 10.5), r, false);
    long t = s.last + (35 + r.nextInt(15)) * MINUTE;
    Device device = new Device(Device.Kind.WINDOWS_CHROME, 117, Ids.dtHash(r));
    rec.attacker = true;
    Session a = new Session(p, tenant, false, device, 117, Net.fixed(Net.SAMBA, Net.SAO_PAULO, r), r, rec);
    a.start(t, false);
    a.mfa(a.last + (30 + r.nextInt(60)) * 1000L);
    a.sso(a.last + (2 + r.nextInt(5)) * MINUTE, tenant.saml.get(1));
    a.sso(a.last + (2 + r.nextInt(5)) * MINUTE, tenant.saml.get(7));
    rec.attacker = false;
    s.last = a.last + 20 * MINUTE;
    work(s, life.local(plan.day(), p.home(), 16), r, false);
    return rec.first;
  }

  private long watchlistedReplay(Plan plan, SplittableRandom r, Recorder rec) {
    Person admin = plan.victim();
    Session s = legit(admin, plan.day(), true, BenignLife.Mode.OFFICE, 8.5, r, rec);
    work(s, life.local(plan.day(), admin.home(), 9.8), r, false);
    long harFrom = s.last + (2 + r.nextInt(5)) * MINUTE;
    if (s.lastMfa < harFrom - 2 * HOUR) {
      s.mfa(harFrom - 20_000);
    }
    s.adminConsole(harFrom + 1_500);
    Person other = people.get(r.nextInt(people.size()));
    s.groupAdd(harFrom + 150_000, tenant.groups.get(9), other.id(), other.login(), other.displayName());
    long harTo = harFrom + 230_000 + r.nextInt(30_000);
    exposure = SupportHar.record(admin, s, harFrom, harTo, r);
    s.last = harTo;
    work(s, life.local(plan.day(), admin.home(), 12), r, false);
    life.trap(Trap.EXPOSED_USER_KNOWN_NETWORKS);
    long t = harTo + (long) ((3 + r.nextDouble()) * HOUR);
    hijack(s, Net.fixed(Net.PROXY_RESIDENTIAL, Net.PHILADELPHIA, r), s.device, s.userAgent, s.dtHash, rec);
    s.adminConsole(t);
    s.apiTokenCreate(s.last + (3 + r.nextInt(5)) * MINUTE, "okta-sync");
    rec.attacker = false;
    rec.first = Math.min(rec.first, harFrom);
    return harFrom;
  }
}
