package dev.sidguard.sim;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/*
 * One simulated employee: invented name and login, where they live and work, their home ISP
 * (sometimes IPv6), mobile carrier, laptop and phone, whether their sign-ins go through the legacy
 * Classic authn flow (102… sessions) or the Identity Engine widget (idx… sessions), their role,
 * and the day their laptop browser auto-updates to the next major version (-1: not this week).
 */
record Person(
    int index,
    String id,
    String login,
    String displayName,
    Role role,
    @Nullable Office office,
    Net.Place home,
    Net.Isp homeIsp,
    boolean ipv6,
    Net.Carrier carrier,
    Device laptop,
    Device phone,
    boolean classic,
    int updateDay,
    int travelDay,
    Net.Place travelTo) {

  enum Role { EMPLOYEE, ADMIN, HELPDESK }

  enum Office { NEW_YORK, LONDON }

  static final String DOMAIN = "acme.example";

  private static final String[] FIRST = {
    "Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kendall", "Logan", "Morgan",
    "Noel", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler", "Taylor", "Jamie", "Robin", "Alex",
    "Sam", "Charlie", "Dakota", "Elliot", "Frankie", "Hayden", "Jesse", "Kai", "Lane"};
  private static final String[] LAST = {
    "Ashdown", "Birchwood", "Calloway", "Dunmore", "Ellery", "Fairbank", "Glenhaven", "Hollister", "Ironside",
    "Kestrel", "Larkspur", "Merriweather", "Northcott", "Oakhurst", "Pembrook", "Quillon", "Ravensworth",
    "Stonebridge", "Thistlewood", "Underhill", "Vantreight", "Westbrook", "Yarborough", "Ashcombe", "Brightwater",
    "Copperfield", "Driftwood", "Elmstead", "Foxglove", "Greystone", "Hawthorne", "Ivybridge"};

  static Person create(int index, int users, int days, SplittableRandom r) {
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    String login = (first + "." + last).toLowerCase(java.util.Locale.ROOT) + (index + 1) + "@" + DOMAIN;
    int admins = Math.max(4, users / 50);
    Role role = index < admins ? Role.ADMIN : index < admins + Math.max(2, users / 100) ? Role.HELPDESK : Role.EMPLOYEE;
    int p = r.nextInt(100);
    Office office;
    Net.Place home;
    Net.Isp isp;
    if (role == Role.ADMIN && index < 3) {
      p = 0;
    }
    if (p < 55 || role != Role.EMPLOYEE && p < 85) {
      office = Office.NEW_YORK;
      Net.Place[] metro = {Net.NEW_YORK, Net.BROOKLYN, Net.JERSEY_CITY, Net.NEW_YORK, Net.BROOKLYN};
      home = metro[r.nextInt(metro.length)];
      isp = r.nextInt(100) < 60 ? Net.LAKESHORE : Net.LIBERTY;
    } else if (p < 80 || role != Role.EMPLOYEE) {
      office = Office.LONDON;
      home = r.nextInt(4) == 0 ? Net.READING : Net.LONDON;
      isp = Net.ALBION;
    } else {
      office = null;
      int q = r.nextInt(7);
      home = switch (q) {
        case 0 -> Net.CHICAGO;
        case 1 -> Net.AUSTIN;
        case 2 -> Net.SAN_FRANCISCO;
        case 3 -> Net.BERLIN;
        case 4 -> Net.PARIS;
        case 5 -> Net.TORONTO;
        default -> Net.BOSTON;
      };
      isp = switch (q) {
        case 0, 1 -> Net.PRAIRIE;
        case 2 -> Net.PACIFIC;
        case 3 -> Net.SPREE;
        case 4 -> Net.SEINE;
        case 5 -> Net.MAPLE;
        default -> Net.LAKESHORE;
      };
    }
    boolean v6 = isp.v6() && r.nextInt(100) < 45;
    Device laptop = Device.laptop(r);
    Device phone = Device.phone(r);
    boolean classic = r.nextInt(100) < 35;
    int updateDay = laptop.autoUpdates() && r.nextInt(100) < 25 ? r.nextInt(Math.max(1, days)) : -1;
    int travelDay = r.nextInt(100) < 6 ? r.nextInt(Math.max(1, days)) : -1;
    Net.Place[] destinations = office == Office.LONDON || home.country().equals("Germany")
        || home.country().equals("France")
        ? new Net.Place[] {Net.NEW_YORK, Net.TOKYO, Net.SINGAPORE, Net.FRANKFURT, Net.CHICAGO}
        : new Net.Place[] {Net.LONDON, Net.PARIS, Net.TOKYO, Net.CHICAGO, Net.SAN_FRANCISCO, Net.FRANKFURT};
    Net.Place travelTo = destinations[r.nextInt(destinations.length)];
    if (travelTo.equals(home)) {
      travelTo = Net.AMSTERDAM;
    }
    return new Person(index, Ids.okta("00u", r), login, first + " " + last, role, office, home, isp, v6,
        Net.carrierFor(home.country(), r), laptop, phone, classic, updateDay, travelDay, travelTo);
  }

  boolean admin() {
    return role == Role.ADMIN;
  }

  /** Browser major version of the laptop on {@code day} (after the auto-update day, one higher). */
  int laptopMajor(int day) {
    return updateDay >= 0 && day >= updateDay ? laptop.baseMajor() + 1 : laptop.baseMajor();
  }
}
