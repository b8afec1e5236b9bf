package dev.sidguard.sim;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/*
 * A person's ordinary day, and the tenant's machine traffic.
 *
 * Weekdays: a laptop work session from the office (NAT pool), home (stable IPv4 or rotating IPv6
 * privacy addresses) or the corporate VPN; some office days end at home in the same session
 * (commuters); a phone session on a carrier that changes CGNAT address at every request; sometimes
 * an evening session from home. Sign-ins always prove MFA (Okta Verify push, or FastPass which is
 * MFA in itself): the tenant's sign-on policy requires it. Admins step up with MFA before the Admin
 * Console and grant privileges only from egress/VPN; helpdesk resets factors. Browsers auto-update
 * on their update day, before or (after a relaunch) during the day's session. Travellers fly with
 * airport time on both ends, continue their laptop session at the hotel when it is still alive,
 * work from the destination the next day and fly home the day after (phones stay off while
 * travelling: roaming is not simulated). Weekends are quiet. Sessions never outlive the 12 h
 * session lifetime the tenant enforces.
 *
 * Every random choice for (person, day) comes from one generator seeded by (seed, person, day), so
 * a person's day does not depend on anyone else's or on which attack scenarios run.
 */
final class BenignLife {
  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  private static final String OKTA_CLIENT = "okta.2b1959c8-bcc0-56eb-a589-cfcfb7422f26";

  private final Tenant tenant;
  private final List<Person> people;
  private final long seed;
  private final long start;
  private final Map<Trap, Long> traps = new EnumMap<>(Trap.class);

  BenignLife(Tenant tenant, List<Person> people, long seed, long start) {
    this.tenant = tenant;
    this.people = people;
    this.seed = seed;
    this.start = start;
  }

  Map<Trap, Long> traps() {
    return traps;
  }

  void trap(Trap t) {
    traps.merge(t, 1L, Long::sum);
  }

  long local(int day, Net.Place place, double hour) {
    return start + day * DAY + (long) ((hour - place.utcOffset()) * HOUR);
  }

  static boolean weekday(int day) {
    return day % 7 < 5;
  }

  SplittableRandom random(Person p, int day) {
    return new SplittableRandom(Ids.mix(seed, p.index(), day));
  }

  /** Where a laptop works from today. */
  enum Mode { OFFICE, HOME, VPN }

  /**
   * Everything {@code p} does on {@code day}; with {@code laptopTaken} an attack scenario plays the
   * day's laptop work session itself.
   */
  void day(Person p, int day, boolean laptopTaken, Consumer<SimEvent> out) {
    SplittableRandom r = random(p, day);
    if (travelling(p, day) && !laptopTaken) {
      if (day - p.travelDay() <= 2) {
        travel(p, day, day - p.travelDay(), r, out);
      }
      return;
    }
    if (weekday(day)) {
      if (!laptopTaken) {
        Mode mode = mode(p, r);
        work(p, day, mode, r, out);
      }
      if (r.nextInt(100) < 70) {
        phone(p, day, 7 + r.nextDouble() * 2, 12 + r.nextDouble() * 2, r, out);
      }
      if (r.nextInt(100) < 45) {
        phone(p, day, 17 + r.nextDouble() * 2, 21 + r.nextDouble() * 1.5, r, out);
      }
      if (r.nextInt(100) < 18) {
        evening(p, day, r, out);
      }
    } else {
      if (r.nextInt(100) < 35) {
        phone(p, day, 10 + r.nextDouble() * 4, 15 + r.nextDouble() * 5, r, out);
      }
      if (!laptopTaken && r.nextInt(100) < 12) {
        evening(p, day, r, out);
      }
    }
    if (day == 0 && r.nextInt(100) < 4) {
      sessionFromBeforeInput(p, r, out);
    }
  }

  /** From the trip's first day to the (home-local) day the traveller lands back; the rest is time off. */
  boolean travelling(Person p, int day) {
    if (p.travelDay() < 0 || day < p.travelDay()) {
      return false;
    }
    long back = Math.floorDiv(trip(p).homeAt() + p.home().utcOffset() * HOUR - start, DAY);
    return day <= back;
  }

  Mode mode(Person p, SplittableRandom r) {
    int x = r.nextInt(100);
    if (p.office() == null) {
      return x < 15 ? Mode.VPN : Mode.HOME;
    }
    return x < 62 ? Mode.OFFICE : x < 74 ? Mode.VPN : Mode.HOME;
  }

  Net.Endpoint endpoint(Person p, Mode mode, SplittableRandom r) {
    return switch (mode) {
      case OFFICE -> p.office() == Person.Office.LONDON ? Net.officeLondon(r) : Net.officeNy(r);
      case VPN -> Net.vpn(vpnExit(p, r), r);
      case HOME -> home(p, r);
    };
  }

  Net.Endpoint home(Person p, SplittableRandom r) {
    return p.ipv6() ? Net.homeV6(p.homeIsp(), p.home(), p.index(), r) : Net.home(p.homeIsp(), p.home(), p.index());
  }

  private Net.Place vpnExit(Person p, SplittableRandom r) {
    if (r.nextInt(100) < 15) {
      trap(Trap.TRUSTED_VPN);
      Net.Place[] far = {Net.SINGAPORE, Net.FRANKFURT, Net.LONDON, Net.NEW_YORK};
      return far[r.nextInt(far.length)];
    }
    return switch (p.home().country()) {
      case "United Kingdom" -> Net.LONDON;
      case "Germany", "France" -> Net.FRANKFURT;
      default -> Net.NEW_YORK;
    };
  }

  /** The day's laptop work session. */
  void work(Person p, int day, Mode mode, SplittableRandom r, Consumer<SimEvent> out) {
    int major = p.laptopMajor(day);
    boolean updateInSession = p.updateDay() == day && r.nextInt(100) < 35;
    if (updateInSession) {
      major = p.laptop().baseMajor();
    }
    if (p.updateDay() == day) {
      trap(Trap.BROWSER_AUTO_UPDATE);
    }
    if (mode == Mode.VPN) {
      trap(Trap.TRUSTED_VPN);
    }
    Session s = new Session(p, tenant, p.classic(), p.laptop(), major, endpoint(p, mode, r), r, out);
    long t = local(day, p.home(), 7.5 + r.nextDouble() * 2);
    long end = local(day, p.home(), 16.5 + r.nextDouble() * 2);
    signIn(s, t);
    boolean commute = mode == Mode.OFFICE && r.nextInt(100) < 14;
    long commuteAt = commute ? local(day, p.home(), 12 + r.nextDouble() * 2.5) : Long.MAX_VALUE;
    long updateAt = updateInSession ? local(day, p.home(), 10 + r.nextDouble() * 6) : Long.MAX_VALUE;
    t = s.last;
    while (true) {
      t += (8 + r.nextInt(50)) * MINUTE + r.nextInt(60_000);
      if (t > end) {
        break;
      }
      if (t >= commuteAt) {
        trap(Trap.COMMUTER);
        t += (40 + r.nextInt(40)) * MINUTE;
        s.at = home(p, r);
        s.lastMfa = Long.MIN_VALUE;
        commuteAt = Long.MAX_VALUE;
      }
      if (t >= updateAt) {
        s.browserMajor(p.laptop().baseMajor() + 1);
        updateAt = Long.MAX_VALUE;
      }
      if (s.at.asn() == Net.ACME_NY || s.at.asn() == Net.ACME_LONDON) {
        s.at = endpoint(p, Mode.OFFICE, r);
      } else if (p.ipv6() && s.at.v6() && r.nextInt(3) == 0) {
        trap(Trap.IPV6_PRIVACY_ADDRESSES);
        s.at = home(p, r);
      }
      activity(s, t, mode, r);
    }
    maybeInternal(s, r, out);
    if (r.nextInt(100) < 40) {
      s.end(s.last + (1 + r.nextInt(20)) * MINUTE);
    }
  }

  /** Sign-in with MFA: FastPass on Identity Engine, or password then an Okta Verify push. */
  void signIn(Session s, long t) {
    boolean fastPass = !s.classic && s.r.nextInt(100) < 40;
    s.start(t, fastPass);
    if (!fastPass) {
      s.mfa(t + (6 + s.r.nextInt(25)) * 1000L);
    }
  }

  private void activity(Session s, long t, Mode mode, SplittableRandom r) {
    Person p = s.user;
    int x = r.nextInt(100);
    if (p.role() != Person.Role.EMPLOYEE && x < 30) {
      admin(s, t, mode, r);
      return;
    }
    if (x < 62) {
      s.sso(t, tenant.saml.get(r.nextInt(tenant.saml.size())));
    } else if (x < 80) {
      trap(Trap.TOKEN_IN_MFA_SESSION);
      s.tokenGrant(t, tenant.oidc.get(r.nextInt(tenant.oidc.size())));
    } else {
      Tenant.App app = tenant.saml.get(r.nextInt(tenant.saml.size()));
      s.evaluateSignOn(t, app);
      s.sso(t + 800 + r.nextInt(1500), app);
    }
  }

  /** An admin visit: step-up MFA when due, the Admin Console, then one to three changes. */
  private void admin(Session s, long t, Mode mode, SplittableRandom r) {
    if (s.lastMfa < t - 2 * HOUR) {
      s.mfa(t);
      t += (15 + r.nextInt(30)) * 1000L;
    }
    s.adminConsole(t);
    trap(mode == Mode.HOME ? Trap.ADMIN_FROM_HOME : Trap.ADMIN_FROM_EGRESS);
    int changes = 1 + r.nextInt(3);
    for (int i = 0; i < changes; i++) {
      t += (20 + r.nextInt(240)) * 1000L;
      Person other = people.get(r.nextInt(people.size()));
      int x = r.nextInt(100);
      if (s.user.role() == Person.Role.HELPDESK) {
        if (x < 50) {
          trap(Trap.SENSITIVE_CHANGE_CLEAN_SESSION);
          s.factorReset(t, other);
        } else {
          trap(Trap.ORDINARY_GROUP_CHANGE);
          s.groupAdd(t, tenant.groups.get(r.nextInt(tenant.groups.size())), other.id(), other.login(),
              other.displayName());
        }
      } else if (x < 55) {
        trap(Trap.ORDINARY_GROUP_CHANGE);
        s.groupAdd(t, tenant.groups.get(r.nextInt(tenant.groups.size())), other.id(), other.login(),
            other.displayName());
      } else if (x < 72) {
        String n = "new.hire" + Ids.base62(r, 6).toLowerCase(java.util.Locale.ROOT);
        s.userCreate(t, Ids.okta("00u", r), n + "@" + Person.DOMAIN, "New Hire");
      } else if (x < 82 && onEgress(s.at)) {
        trap(Trap.ADMIN_FROM_EGRESS);
        if (r.nextBoolean()) {
          s.groupAdd(t, tenant.privileged.get(r.nextInt(tenant.privileged.size())), other.id(), other.login(),
              other.displayName());
        } else {
          s.privilegeGrant(t, r.nextBoolean() ? "Help Desk administrator" : "Read-only administrator", other.id(),
              other.login(), other.displayName());
        }
      } else if (x < 92) {
        trap(Trap.SENSITIVE_CHANGE_CLEAN_SESSION);
        s.policyRuleUpdate(t, "Require MFA");
      } else if (x < 96) {
        trap(Trap.SENSITIVE_CHANGE_CLEAN_SESSION);
        s.apiTokenCreate(t, "SCIM sync " + Ids.base62(r, 4));
      } else {
        trap(Trap.SENSITIVE_CHANGE_CLEAN_SESSION);
        s.idpLifecycle(t, "update", Ids.okta("0oa", r), "Partner SAML IdP");
      }
    }
  }

  /** Office NAT pools and the VPN: where the tenant's admins may grant privileges. */
  static boolean onEgress(Net.Endpoint at) {
    return at.asn() == Net.ACME_NY || at.asn() == Net.ACME_LONDON || at.asn() == Net.VPN;
  }

  /** Now and then Okta's own back end acts inside a user's session, from a cloud address. */
  private void maybeInternal(Session s, SplittableRandom r, Consumer<SimEvent> out) {
    if (r.nextInt(100) >= 4) {
      return;
    }
    trap(Trap.OKTA_INTERNAL);
    Net.Endpoint was = s.at;
    s.at = Net.hosting(Net.OKTA_BACKEND, Net.ASHBURN, 240 + r.nextInt(10));
    SimEvent e = s.tokenGrant(s.last + (1 + r.nextInt(5)) * MINUTE, tenant.dashboard);
    e.clientId = OKTA_CLIENT;
    e.userAgent = "Okta-Integrations";
    e.os = "Unknown";
    e.browser = "UNKNOWN";
    e.deviceType = "Unknown";
    s.at = was;
  }

  /** A phone session: Okta Verify FastPass, a new carrier NAT address at every request. */
  void phone(Person p, int day, double fromHour, double toHour, SplittableRandom r, Consumer<SimEvent> out) {
    Session s = new Session(p, tenant, false, p.phone(), p.phone().baseMajor(), Net.mobile(p.carrier(), p.home(), r),
        r, out);
    long t = local(day, p.home(), fromHour);
    long end = local(day, p.home(), toHour);
    s.start(t, true);
    while (true) {
      t += (25 + r.nextInt(120)) * MINUTE;
      if (t > end) {
        break;
      }
      trap(Trap.MOBILE_IP_CHURN);
      s.at = Net.mobile(p.carrier(), p.home(), r);
      if (r.nextInt(100) < 60) {
        s.sso(t, tenant.saml.get(r.nextInt(3)));
      } else {
        trap(Trap.TOKEN_IN_MFA_SESSION);
        s.tokenGrant(t, tenant.oidc.get(r.nextInt(tenant.oidc.size())));
      }
    }
  }

  /** A short evening laptop session from home. */
  void evening(Person p, int day, SplittableRandom r, Consumer<SimEvent> out) {
    Session s = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), home(p, r), r, out);
    long t = local(day, p.home(), 19 + r.nextDouble() * 2.5);
    signIn(s, t);
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      t = s.last + (5 + r.nextInt(30)) * MINUTE;
      if (p.ipv6()) {
        s.at = home(p, r);
      }
      activity(s, t, Mode.HOME, r);
    }
  }

  /** A phone session begun the evening before the log starts: its sign-in is not in the input. */
  private void sessionFromBeforeInput(Person p, SplittableRandom r, Consumer<SimEvent> out) {
    trap(Trap.SESSION_BEFORE_INPUT);
    Session s = new Session(p, tenant, false, p.phone(), p.phone().baseMajor(), Net.mobile(p.carrier(), p.home(), r),
        r, out);
    long t = local(-1, p.home(), 22 + r.nextDouble());
    s.start(t, true);
    long until = t + 11 * HOUR;
    while (true) {
      t += (30 + r.nextInt(60)) * MINUTE;
      if (t > until) {
        break;
      }
      s.at = Net.mobile(p.carrier(), p.home(), r);
      s.tokenGrant(t, tenant.oidc.get(r.nextInt(tenant.oidc.size())));
    }
  }

  /**
   * A trip's timetable, from its own generator so that all three days agree: morning at home, take
   * off, hotel after the flight and airport time, a working day at the destination once rested
   * (the next local morning at least seven hours after reaching the hotel), and the way back.
   */
  record Trip(long morning, long takeOff, long hotelAt, long workStart, long workEnd, long returnMorning,
      long homeAt) {}

  Trip trip(Person p) {
    SplittableRandom r = new SplittableRandom(Ids.mix(seed, p.index(), 0x7819L));
    Net.Place dest = p.travelTo();
    long flight = (long) ((distanceKm(p.home(), dest) / 800 + 0.6) * HOUR);
    long morning = local(p.travelDay(), p.home(), 7 + r.nextDouble());
    long takeOff = local(p.travelDay(), p.home(), 12.5 + r.nextDouble() * 2);
    long hotelAt = takeOff + flight + (long) ((1.5 + r.nextDouble()) * HOUR);
    long workStart = local(p.travelDay(), dest, 8 + r.nextDouble());
    while (workStart < hotelAt + 7 * HOUR) {
      workStart += DAY;
    }
    long workEnd = workStart + (long) ((8 + r.nextDouble()) * HOUR);
    long returnMorning = workStart + 23 * HOUR;
    long homeAt = returnMorning + 3 * HOUR + flight + (long) ((1.5 + r.nextDouble()) * HOUR);
    return new Trip(morning, takeOff, hotelAt, workStart, workEnd, returnMorning, homeAt);
  }

  /** Trip day 0 (fly out), 1 (work at the destination), 2 (fly home). */
  private void travel(Person p, int day, int leg, SplittableRandom r, Consumer<SimEvent> out) {
    Net.Place dest = p.travelTo();
    Net.Isp hotel = hotelIsp(dest);
    Trip trip = trip(p);
    trap(Trap.TRAVELLER);
    if (leg == 0) {
      Session s = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), home(p, r), r, out);
      signIn(s, trip.morning());
      for (int i = 0; i < 3; i++) {
        activity(s, s.last + (10 + r.nextInt(30)) * MINUTE, Mode.HOME, r);
      }
      Net.Endpoint there = Net.fixed(hotel, dest, r);
      if (trip.hotelAt() - trip.morning() < 11 * HOUR) {
        s.at = there;
      } else {
        s = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), there, r, out);
        signIn(s, trip.hotelAt());
      }
      long t = trip.hotelAt();
      for (int i = 0; i < 3; i++) {
        t += (5 + r.nextInt(40)) * MINUTE;
        activity(s, t, Mode.HOME, r);
        t = s.last;
      }
    } else if (leg == 1) {
      boolean vpn = r.nextInt(100) < 30;
      if (vpn) {
        trap(Trap.TRUSTED_VPN);
      }
      Net.Endpoint at = vpn ? Net.vpn(nearestExit(dest), r) : Net.fixed(hotel, dest, r);
      Session s = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), at, r, out);
      signIn(s, trip.workStart());
      while (s.last < trip.workEnd()) {
        activity(s, s.last + (15 + r.nextInt(60)) * MINUTE, vpn ? Mode.VPN : Mode.HOME, r);
      }
    } else {
      Session s = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), Net.fixed(hotel, dest, r), r,
          out);
      signIn(s, trip.returnMorning());
      activity(s, s.last + (10 + r.nextInt(20)) * MINUTE, Mode.HOME, r);
      Session back = new Session(p, tenant, p.classic(), p.laptop(), p.laptopMajor(day), home(p, r), r, out);
      signIn(back, trip.homeAt());
      activity(back, back.last + (5 + r.nextInt(20)) * MINUTE, Mode.HOME, r);
    }
  }

  private static Net.Isp hotelIsp(Net.Place dest) {
    return switch (dest.country()) {
      case "Japan", "Singapore" -> Net.HOTEL_ASIA;
      case "United States", "Canada" -> Net.HOTEL_US;
      default -> Net.HOTEL_EU;
    };
  }

  private static Net.Place nearestExit(Net.Place dest) {
    return switch (dest.country()) {
      case "Japan", "Singapore" -> Net.SINGAPORE;
      case "United States", "Canada" -> Net.NEW_YORK;
      case "United Kingdom" -> Net.LONDON;
      default -> Net.FRANKFURT;
    };
  }

  /** Machine traffic of one day: CI token grants, provisioning API calls, failed password sprays. */
  void machines(int day, Person provisioning, Consumer<SimEvent> out) {
    SplittableRandom r = new SplittableRandom(Ids.mix(seed, 0xC1L, day));
    long t = start + day * DAY + r.nextInt(900_000);
    while (t < start + (day + 1) * DAY) {
      trap(Trap.CI_SERVICE_ACCOUNT);
      Net.Endpoint runner = Net.hosting(Net.RUNNER_CLOUD, Net.ASHBURN, 100 + r.nextInt(20));
      SimEvent e = new SimEvent(t, Ids.uuid(t, r), "app.oauth2.as.token.grant.access_token",
          "OAuth2 access token is granted", null, tenant.ciClient.id(), "PublicClientApp", "unknown",
          tenant.ciClient.name(), runner, Ids.requestId(r));
      e.clientId = tenant.ciClient.id();
      e.userAgent = "okta-sdk-java/8.2.5 java/17.0.8 Linux/5.15.0";
      e.os = "Linux";
      e.browser = "UNKNOWN";
      e.deviceType = "Computer";
      String uri = "/oauth2/" + tenant.authServer + "/v1/token";
      e.debug("grantType", "client_credentials", "grantedScopes", "okta.users.read okta.groups.manage",
          "requestUri", uri, "url", uri + "?");
      e.targets(new SimEvent.Target("AT." + Ids.base62(r, 43), "access_token", "unknown", "Access Token"),
          new SimEvent.Target(tenant.ciClient.id(), "AppInstance", tenant.ciClient.name(), tenant.ciClient.name()));
      out.accept(e);
      t += 15 * MINUTE + r.nextInt(60_000);
    }
    if (weekday(day)) {
      int n = 4 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        long at = start + day * DAY + (long) ((13 + r.nextDouble() * 8) * HOUR);
        Net.Endpoint runner = Net.hosting(Net.RUNNER_CLOUD, Net.ASHBURN, 100 + r.nextInt(20));
        Session api = new Session(provisioning, tenant, true, provisioning.laptop(), 0, runner, r, out);
        Person who = people.get(r.nextInt(people.size()));
        SimEvent e = api.groupAdd(at, tenant.groups.get(r.nextInt(tenant.groups.size())), who.id(), who.login(),
            who.displayName());
        apiClient(e, r);
      }
    }
    int sprays = Math.max(1, people.size() / 150);
    for (int i = 0; i < sprays; i++) {
      trap(Trap.FAILED_LOGINS_ABROAD);
      Person victim = people.get(r.nextInt(people.size()));
      Net.Endpoint from = r.nextBoolean() ? Net.hosting(Net.DANUBE_VPS, Net.BUCHAREST, 10 + r.nextInt(20))
          : Net.hosting(Net.NIMBUS, Net.AMSTERDAM, 40 + r.nextInt(20));
      Session s = new Session(victim, tenant, false, Device.laptop(r), 118, from, r, out);
      long at = start + day * DAY + (long) (r.nextDouble() * 20 * HOUR);
      for (int k = 0; k < 1 + r.nextInt(3); k++) {
        s.failedStart(at + k * (20_000 + r.nextInt(40_000)));
      }
    }
  }

  private static void apiClient(SimEvent e, SplittableRandom r) {
    e.session = "trs" + Ids.base62(r, 22);
    e.rootSession = null;
    e.userAgent = "okta-sdk-python/2.9.2 python/3.11.4 Linux/5.15.0";
    e.os = "Linux";
    e.browser = "UNKNOWN";
    e.deviceType = "Computer";
  }

  static double distanceKm(Net.Place a, Net.Place b) {
    double p1 = Math.toRadians(a.lat());
    double p2 = Math.toRadians(b.lat());
    double dp = p2 - p1;
    double dl = Math.toRadians(b.lon() - a.lon());
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
