package dev.sidguard.sim;

import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/*
 * The simulated Internet: places (real city coordinates, fixed UTC offsets without DST), autonomous
 * systems and the address blocks they announce.
 *
 * Addresses come only from ranges that belong to nobody: the IPv4 documentation blocks
 * (192.0.2.0/24 attackers, 198.51.100.0/24 corporate VPN, 203.0.113.0/24 office egress), the
 * benchmarking block 198.18.0.0/15 (home and travel ISPs, one /20 each), the shared CGNAT block
 * 100.64.0.0/10 (mobile carriers, one /14 each, as carriers really do) and 2001:db8::/32 for IPv6.
 * AS numbers are from the documentation and private ranges (64496-65534); organisation names are
 * invented but read like real ones, and only hosting providers carry hosting words in their names,
 * as they do in real WHOIS data.
 */
final class Net {
  private Net() {}

  /** A city as Okta geolocates it. */
  record Place(String city, String state, String country, String postalCode, double lat, double lon, int utcOffset) {}

  /** An autonomous system as securityContext shows it; proxy null when Okta does not say. */
  record Asn(long number, String org, String isp, @Nullable String domain, @Nullable Boolean proxy) {}

  /** Where one request came from. */
  record Endpoint(String ip, boolean v6, Place place, double lat, double lon, @Nullable Asn asn) {}

  // ---- places ----
  static final Place NEW_YORK = new Place("New York", "New York", "United States", "10013", 40.7128, -74.0060, -5);
  static final Place BROOKLYN = new Place("Brooklyn", "New York", "United States", "11201", 40.6782, -73.9442, -5);
  static final Place JERSEY_CITY = new Place("Jersey City", "New Jersey", "United States", "07302", 40.7178, -74.0431, -5);
  static final Place PHILADELPHIA =
      new Place("Philadelphia", "Pennsylvania", "United States", "19103", 39.9526, -75.1652, -5);
  static final Place BOSTON = new Place("Boston", "Massachusetts", "United States", "02108", 42.3601, -71.0589, -5);
  static final Place ASHBURN = new Place("Ashburn", "Virginia", "United States", "20147", 39.0438, -77.4874, -5);
  static final Place CHICAGO = new Place("Chicago", "Illinois", "United States", "60601", 41.8781, -87.6298, -6);
  static final Place AUSTIN = new Place("Austin", "Texas", "United States", "78701", 30.2672, -97.7431, -6);
  static final Place SAN_FRANCISCO =
      new Place("San Francisco", "California", "United States", "94103", 37.7749, -122.4194, -8);
  static final Place LONDON = new Place("London", "England", "United Kingdom", "EC2A", 51.5074, -0.1278, 0);
  static final Place READING = new Place("Reading", "England", "United Kingdom", "RG1", 51.4543, -0.9781, 0);
  static final Place BERLIN = new Place("Berlin", "Land Berlin", "Germany", "10115", 52.5200, 13.4050, 1);
  static final Place FRANKFURT = new Place("Frankfurt am Main", "Hesse", "Germany", "60311", 50.1109, 8.6821, 1);
  static final Place PARIS = new Place("Paris", "Ile-de-France", "France", "75001", 48.8566, 2.3522, 1);
  static final Place AMSTERDAM = new Place("Amsterdam", "North Holland", "Netherlands", "1012", 52.3676, 4.9041, 1);
  static final Place BUCHAREST = new Place("Bucharest", "Bucuresti", "Romania", "010011", 44.4268, 26.1025, 2);
  static final Place TOKYO = new Place("Tokyo", "Tokyo", "Japan", "100-0001", 35.6762, 139.6503, 9);
  static final Place SINGAPORE = new Place("Singapore", "Singapore", "Singapore", "018956", 1.2834, 103.8607, 8);
  static final Place SAO_PAULO = new Place("Sao Paulo", "Sao Paulo", "Brazil", "01310", -23.5505, -46.6333, -3);
  static final Place TORONTO = new Place("Toronto", "Ontario", "Canada", "M5H", 43.6532, -79.3832, -5);

  // ---- networks ----
  /** Office egress: New York HQ 203.0.113.0/26 and London office 203.0.113.64/26. */
  static final Asn ACME_NY = new Asn(64500, "Hudson Metro Fiber", "Hudson Metro Fiber", "hudsonfiber.example", false);
  static final Asn ACME_LONDON = new Asn(64503, "Thames Business Broadband", "Thames Business Broadband",
      "thamesbb.example", false);
  /** Corporate VPN (trusted ASN), exits in several countries: 198.51.100.0/24. */
  static final Asn VPN = new Asn(64501, "Perimeter Secure Access", "Perimeter Secure Access", "perimeter.example",
      false);

  /** A provider with its own /20 in 198.18.0.0/15, in one country. */
  record Isp(Asn asn, int block, List<Place> places, boolean v6) {}

  static final Isp LAKESHORE = isp(64502, "Lakeshore Cable Communications", "lakeshorecable.example", 0, true,
      NEW_YORK, BROOKLYN, JERSEY_CITY, PHILADELPHIA, BOSTON);
  static final Isp LIBERTY = isp(64504, "Liberty Telephone Company", "libertytel.example", 1, false,
      NEW_YORK, BROOKLYN, JERSEY_CITY, PHILADELPHIA, BOSTON);
  static final Isp PRAIRIE = isp(64505, "Prairie Broadband", "prairiebb.example", 2, true, CHICAGO, AUSTIN);
  static final Isp PACIFIC = isp(64506, "Pacific Coast Cable", "pacificcable.example", 3, true, SAN_FRANCISCO);
  static final Isp ALBION = isp(64507, "Albion Telecom plc", "albiontel.example", 4, false, LONDON, READING);
  static final Isp SPREE = isp(64508, "Spree Kabel GmbH", "spreekabel.example", 5, true, BERLIN, FRANKFURT);
  static final Isp SEINE = isp(64509, "Seine Telecom SA", "seinetel.example", 6, false, PARIS);
  static final Isp MAPLE = isp(64511, "Maple Fibre Inc.", "maplefibre.example", 7, false, TORONTO);
  /** Hotels and airports: travel Wi-Fi in the destination cities. */
  static final Isp HOTEL_EU = isp(65536, "Continental Hospitality Networks", "conthospnet.example", 8, false,
      LONDON, PARIS, FRANKFURT, AMSTERDAM);
  static final Isp HOTEL_ASIA = isp(65537, "Pacific Rim Telecom", "pacrimtel.example", 9, false, TOKYO, SINGAPORE);
  static final Isp HOTEL_US = isp(65538, "Gateway Hospitality Internet", "gatewayhi.example", 10, false,
      NEW_YORK, CHICAGO, SAN_FRANCISCO, AUSTIN, TORONTO);
  static final Isp SAMBA = isp(65539, "Samba Telecomunicacoes", "sambatel.example", 11, false, SAO_PAULO);

  /** Mobile carriers: one /14 of 100.64.0.0/10 each, geolocated to the subscriber's metro. */
  record Carrier(Asn asn, int block, String country) {}

  static final Carrier METRO_WIRELESS = new Carrier(
      new Asn(65540, "Metro Wireless", "Metro Wireless", "metrowireless.example", false), 0, "United States");
  static final Carrier NORTHSTAR = new Carrier(
      new Asn(65541, "Northstar Mobile", "Northstar Mobile", "northstarmobile.example", false), 1, "United States");
  static final Carrier BRITANNIA = new Carrier(
      new Asn(65542, "Britannia Mobile", "Britannia Mobile", "britanniamobile.example", false), 2, "United Kingdom");
  static final Carrier EUROFUNK = new Carrier(
      new Asn(65543, "Eurofunk Mobil", "Eurofunk Mobil", "eurofunk.example", false), 3, "Germany");
  static final Carrier HEXAGONE = new Carrier(
      new Asn(65544, "Hexagone Mobile", "Hexagone Mobile", "hexagone.example", false), 4, "France");
  static final Carrier CANUCK = new Carrier(
      new Asn(65545, "Canuck Wireless", "Canuck Wireless", "canuckwireless.example", false), 5, "Canada");

  // ---- hosting (attackers, CI, Okta's own back end) ----
  static final Asn NIMBUS = new Asn(65546, "Nimbus Cloud Hosting B.V.", "Nimbus Cloud Hosting B.V.",
      "nimbushost.example", false);
  static final Asn DANUBE_VPS = new Asn(65547, "Danube VPS SRL", "Danube VPS SRL", "danubevps.example", true);
  static final Asn POTOMAC_DC = new Asn(65548, "Potomac Datacenter LLC", "Potomac Datacenter LLC",
      "potomacdc.example", false);
  static final Asn RUNNER_CLOUD = new Asn(65549, "Contoso Cloud Compute", "Contoso Cloud Compute",
      "contosocloud.example", false);
  static final Asn OKTA_BACKEND = new Asn(65550, "Amazon.com, Inc.", "Amazon.com, Inc.", "amazon.example", false);
  /** Residential proxy networks look like any home ISP. */
  static final Isp PROXY_RESIDENTIAL = isp(65551, "Great Plains Telephone Cooperative", "gptc.example", 12, false,
      CHICAGO, AUSTIN, PHILADELPHIA);

  static final Carrier[] CARRIERS = {METRO_WIRELESS, NORTHSTAR, BRITANNIA, EUROFUNK, HEXAGONE, CANUCK};

  /** Admin egress ranges of the tenant (office NAT pools and the VPN range). */
  static final List<String> EGRESS_CIDRS = List.of("203.0.113.0/26", "203.0.113.64/26", "198.51.100.0/24");

  private static Isp isp(long asn, String name, String domain, int block, boolean v6, Place... places) {
    return new Isp(new Asn(asn, name, name, domain, false), block, List.of(places), v6);
  }

  static Carrier carrierFor(String country, SplittableRandom r) {
    return switch (country) {
      case "United States" -> r.nextBoolean() ? METRO_WIRELESS : NORTHSTAR;
      case "United Kingdom" -> BRITANNIA;
      case "Germany" -> EUROFUNK;
      case "France" -> HEXAGONE;
      default -> CANUCK;
    };
  }

  // ---- addresses ----

  static Endpoint office(Place place, Asn asn, int base, SplittableRandom r) {
    return v4(base + r.nextInt(1, 63), place, asn, 0.002, r);
  }

  static Endpoint officeNy(SplittableRandom r) {
    return office(NEW_YORK, ACME_NY, ip(203, 0, 113, 0), r);
  }

  static Endpoint officeLondon(SplittableRandom r) {
    return office(LONDON, ACME_LONDON, ip(203, 0, 113, 64), r);
  }

  /** A VPN exit: trusted ASN, geolocated to the exit city, not the user. */
  static Endpoint vpn(Place exit, SplittableRandom r) {
    int node = switch (exit.country()) {
      case "United Kingdom" -> 64;
      case "Germany" -> 128;
      case "Singapore" -> 192;
      default -> 0;
    };
    return v4(ip(198, 51, 100, 0) + node + r.nextInt(1, 63), exit, VPN, 0.01, r);
  }

  /** A home or hotel address of {@code isp} in {@code place}. */
  static Endpoint fixed(Isp isp, Place place, SplittableRandom r) {
    return v4(ip(198, 18, 0, 0) + (isp.block() << 12) + r.nextInt(1, 4095), place, isp.asn(), 0.04, r);
  }

  /** A stable home IPv4 address for subscriber {@code n}. */
  static Endpoint home(Isp isp, Place place, int n) {
    int host = 1 + Math.floorMod(n * 2654435761L, 4094);
    return new Endpoint(dotted(ip(198, 18, 0, 0) + (isp.block() << 12) + host), false, place, place.lat() + 0.01,
        place.lon() - 0.01, isp.asn());
  }

  /** An IPv6 privacy address (random interface id) in subscriber {@code n}'s /64. */
  static Endpoint homeV6(Isp isp, Place place, int n, SplittableRandom r) {
    String ip = String.format("2001:db8:%x:%x:%x:%x:%x:%x", 0x100 + isp.block(), n & 0xffff, r.nextInt(0x10000),
        r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000));
    return new Endpoint(ip, true, place, place.lat() + 0.01, place.lon() - 0.01, isp.asn());
  }

  /** A carrier-grade-NAT address: changes often, same ASN, same metro. */
  static Endpoint mobile(Carrier c, Place metro, SplittableRandom r) {
    return v4(ip(100, 64, 0, 0) + (c.block() << 18) + r.nextInt(1, 1 << 18), metro, c.asn(), 0.03, r);
  }

  static Endpoint hosting(Asn asn, Place place, int lastOctet) {
    return new Endpoint(dotted(ip(192, 0, 2, lastOctet)), false, place, place.lat(), place.lon(), asn);
  }

  static Endpoint v4(int ip, Place place, @Nullable Asn asn, double jitter, SplittableRandom r) {
    return new Endpoint(dotted(ip), false, place, round4(place.lat() + (r.nextDouble() - 0.5) * jitter),
        round4(place.lon() + (r.nextDouble() - 0.5) * jitter), asn);
  }

  static int ip(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  static String dotted(int ip) {
    return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
  }

  static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
