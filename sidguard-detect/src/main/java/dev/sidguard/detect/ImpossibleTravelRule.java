package dev.sidguard.detect;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * impossible-travel: consecutive successful activity of one user from places further apart than
 * any traveller could cover in the time between them.
 *
 * Per user: the last located, successful event. Distance is great-circle (haversine) between the
 * geolocations Okta attached; each position may be off by geo_error_km, so the distance used for
 * speed is reduced by twice that, and hops shorter than min_distance_km never count. Failed
 * events are ignored (a password spray from abroad is not the user travelling), as are Okta's own
 * back-end traffic and trusted egress/VPN addresses (their geolocation is the VPN's, not the
 * user's). The last position is remembered long enough that the slowest alerting speed could
 * still circle half the earth.
 */
final class ImpossibleTravelRule implements Rule {
  static final String ID = "impossible-travel";
  private static final double EARTH_RADIUS_KM = 6371.0088;
  private static final double HALF_EARTH_KM = 20_038;
  private static final RuleInfo INFO = new RuleInfo(ID, "Impossible travel between consecutive activity",
      Severity.MEDIUM, List.of("T1078.004", "T1550.004"),
      "The same user was active from two places further apart than an airliner could fly in the time between "
          + "the events, allowing for IP geolocation error. Either the account or a session of it is being used "
          + "by someone else (stolen credentials or a replayed cookie), or one side is a proxy or VPN unknown to "
          + "the configuration. Check the networks in the evidence; if one is a corporate VPN, add its ASN to "
          + "trusted_asns. Otherwise clear the user's sessions and verify recent activity with the user.");

  private final DetectConfig config;
  private final Networks networks;
  private KeyedState<Position> positions = NoState.instance();

  /** Where and when the user was last seen. */
  record Position(double lat, double lon, long time, String uuid, @Nullable String ip, @Nullable String city,
      @Nullable String country, long asn) {}

  ImpossibleTravelRule(DetectConfig config, Networks networks) {
    this.config = config;
    this.networks = networks;
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    double hours = HALF_EARTH_KM / Math.max(1, config.maxSpeedKmh());
    Duration ttl = Duration.ofMinutes((long) Math.ceil(hours * 60));
    positions = states.keyed("positions", Position.class,
        ttl.compareTo(config.sessionLifetime()) > 0 ? ttl : config.sessionLifetime());
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    String user = e.user();
    OktaEvent.Client c = e.client();
    if (user == null || !c.hasLocation() || !e.succeeded() || Networks.oktaInternal(e)
        || (e.actor().type() != null && !"User".equals(e.actor().type())) || networks.trusted(e)) {
      return;
    }
    Position here = new Position(c.lat(), c.lon(), e.publishedMillis(), e.uuid(), c.ip(), c.city(), c.country(),
        e.security().asNumber());
    Position before = positions.get(user);
    positions.put(user, here);
    if (before == null || (before.lat() == here.lat() && before.lon() == here.lon())) {
      return;
    }
    double km = distanceKm(before.lat(), before.lon(), here.lat(), here.lon());
    if (km < config.minDistanceKm()) {
      return;
    }
    double effective = km - 2 * config.geoErrorKm();
    if (effective <= 0) {
      return;
    }
    double hours = (here.time() - before.time()) / 3_600_000.0;
    double speed = hours <= 0 ? Double.POSITIVE_INFINITY : effective / hours;
    if (speed <= config.maxSpeedKmh()) {
      return;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("from", place(before));
    evidence.put("to", place(here));
    evidence.put("distance_km", Math.round(km));
    evidence.put("minutes", Math.round(hours * 60));
    evidence.put("speed_kmh", Double.isInfinite(speed) ? "infinite" : Math.round(speed));
    evidence.put("max_speed_kmh", config.maxSpeedKmh());
    String summary = user + " was active in " + name(before) + " and " + Math.round(hours * 60) + " min later in "
        + name(here) + ", " + Math.round(km) + " km apart (" + (Double.isInfinite(speed) ? "no time between them"
            : Math.round(speed) + " km/h after allowing for geolocation error") + ").";
    ctx.emit(Finding.of(e, ctx.severity(), summary, List.of(before.uuid(), e.uuid()), evidence));
  }

  static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  private static Map<String, Object> place(Position p) {
    Map<String, Object> m = new LinkedHashMap<>();
    Evidence.put(m, "ip", p.ip());
    if (p.asn() > 0) {
      m.put("asn", p.asn());
    }
    Evidence.put(m, "city", p.city());
    Evidence.put(m, "country", p.country());
    m.put("lat", p.lat());
    m.put("lon", p.lon());
    m.put("time", Engine.instant(p.time()).toString());
    return m;
  }

  private static String name(Position p) {
    return (p.city() == null ? "" : p.city() + ", ") + (p.country() == null ? "(" + p.lat() + ", " + p.lon() + ")"
        : p.country());
  }
}
