package dev.sidguard.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/*
 * A deterministic (by seed) stream of realistic, full-size Okta System Log events for benchmarks:
 * about 1.4 KB per event with the fields real events carry (request.ipChain, transaction,
 * debugData with requestId/dtHash/behaviors/risk, legacyEventType, displayMessage).
 *
 * Population: users on home ISPs in several countries, a tenth of them commuters (home and office
 * networks on different ASNs), a fifth on mobile carriers (IP churn inside the ASN), a few
 * admins using the Admin Console, a few password-only sessions (token grants without MFA), and a
 * few travellers. Each session starts with user.session.start and MFA, then SSO, sign-on
 * evaluations and token grants. Every ~50,000 events one admin session is replayed from a
 * hosting ASN abroad with another browser (Admin Console, privileged group add, IdP update).
 * Delivery order has up to 30 s of jitter, as the System Log API delivers by persistence time.
 * A fuller simulator (labels, configurable attacks) is a later issue; this is for throughput.
 */
final class OktaEventGenerator {
  private record Net(String prefix, long asn, String org, String country, String city, double lat, double lon) {}

  private static final Net[] HOME = {
    new Net("73.15.", 7922, "Comcast Cable Communications, LLC", "United States", "San Francisco", 37.77, -122.41),
    new Net("98.210.", 7922, "Comcast Cable Communications, LLC", "United States", "Chicago", 41.87, -87.62),
    new Net("82.12.", 5089, "Virgin Media Limited", "United Kingdom", "London", 51.50, -0.12),
    new Net("91.64.", 3320, "Deutsche Telekom AG", "Germany", "Berlin", 52.52, 13.40),
    new Net("90.84.", 3215, "Orange S.A.", "France", "Paris", 48.85, 2.35),
    new Net("1.120.", 1221, "Telstra Corporation Ltd", "Australia", "Sydney", -33.86, 151.20),
  };
  private static final Net[] MOBILE = {
    new Net("172.56.", 21928, "T-Mobile USA, Inc.", "United States", "Seattle", 47.60, -122.33),
    new Net("100.64.", 22394, "Cellco Partnership DBA Verizon Wireless", "United States", "New York", 40.71, -74.00),
  };
  private static final Net OFFICE = new Net("203.0.113.", 64500, "Example Corp", "United States", "San Francisco", 37.78, -122.40);
  private static final Net HOSTING = new Net("167.99.", 14061, "DigitalOcean, LLC", "Netherlands", "Amsterdam", 52.37, 4.90);
  private static final String[] UAS = {
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36|CHROME|Mac OS X",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 Edg/118.0.2088.46|EDGE|Windows 10",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1|SAFARI|iOS",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/118.0|FIREFOX|Windows 10",
  };
  private static final String ATTACKER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0|FIREFOX|Linux";

  private final Random random;
  private final int users;

  OktaEventGenerator(long seed, int users) {
    this.random = new Random(seed);
    this.users = users;
  }

  private static final class User {
    String login;
    Net home;
    boolean commuter;
    boolean mobile;
    boolean admin;
    boolean passwordOnly;
    String ua;
    String dtHash;
    String session;
    long sessionStart;
    int host;
  }

  private record Timed(long published, long arrival, String json) {}

  /** Writes {@code count} events as NDJSON; returns the number of replays planted. */
  int write(Path file, int count) throws IOException {
    List<User> population = population();
    long t = Instant.parse("2023-10-16T06:00:00Z").toEpochMilli();
    int replays = 0;
    int n = 0;
    List<Timed> window = new ArrayList<>();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (n < count) {
        t += random.nextInt(120);
        User u = population.get(random.nextInt(population.size()));
        List<String> batch = new ArrayList<>(4);
        if (u.session == null || t - u.sessionStart > 8 * 3_600_000L || random.nextInt(200) == 0) {
          u.session = (random.nextBoolean() ? "102" : "idx") + token(22);
          u.sessionStart = t;
          Net net = network(u, t);
          batch.add(event(n++, t, "user.session.start", "core.user_auth.login_success", "User login to Okta", u, net,
              u.ua, u.dtHash, "SUCCESS", authTarget("Password")));
          if (!u.passwordOnly) {
            batch.add(event(n++, t + 900, "user.authentication.auth_via_mfa", "core.user.factor.attempt_success",
                "Authentication of user via MFA", u, net, u.ua, u.dtHash, "SUCCESS", authTarget("Okta Verify")));
          }
        } else if (u.admin && n > 10_000 && random.nextInt(400) == 0) {
          replays++;
          String[][] chain = {
            {"user.session.access_admin_app", "app.admin.sso.login.success", "User accessing Okta admin app", adminApp()},
            {"group.user_membership.add", "core.user_group_member.user_add", "Add user to group membership", adminGroup()},
            {"system.idp.lifecycle.update", "core.idp.update", "Update identity provider", idp()},
          };
          for (int k = 0; k < chain.length; k++) {
            batch.add(event(n++, t + k * 20_000L, chain[k][0], chain[k][1], chain[k][2], u, HOSTING, ATTACKER_UA,
                "ff" + token(62).toLowerCase(), "SUCCESS", chain[k][3]));
          }
        } else {
          Net net = network(u, t);
          int kind = random.nextInt(100);
          if (kind < 55) {
            batch.add(event(n++, t, "user.authentication.sso", "app.auth.sso", "User single sign on to app", u, net,
                u.ua, u.dtHash, "SUCCESS", app()));
          } else if (kind < 75) {
            batch.add(event(n++, t, "policy.evaluate_sign_on", "policy.evaluate_sign_on", "Evaluation of sign-on policy",
                u, net, u.ua, u.dtHash, "ALLOW", app()));
          } else if (kind < 90) {
            batch.add(event(n++, t, "app.oauth2.as.token.grant.access_token", "app.oauth2.as.token.grant.access_token_success",
                "OAuth2 access token is granted", u, net, u.ua, u.dtHash, "SUCCESS", app()));
          } else if (kind < 95 && u.admin) {
            batch.add(event(n++, t, "user.session.access_admin_app", "app.admin.sso.login.success",
                "User accessing Okta admin app", u, net, u.ua, u.dtHash, "SUCCESS", adminApp()));
          } else if (kind < 98) {
            batch.add(event(n++, t, "user.session.start", "core.user_auth.login_failed", "User login to Okta", u,
                HOME[random.nextInt(HOME.length)], UAS[3], null, "FAILURE", authTarget("Password")));
          } else {
            batch.add(event(n++, t, "user.account.update_profile", "core.user.config.profile_update",
                "Update user profile for Okta", u, net, u.ua, u.dtHash, "SUCCESS", "[]"));
          }
        }
        for (String json : batch) {
          long published = publishedOf(json);
          window.add(new Timed(published, published + random.nextInt(30_000), json));
        }
        if (window.size() >= 4096) {
          drain(window, w, t - 60_000);
        }
      }
      drain(window, w, Long.MAX_VALUE);
    }
    return replays;
  }

  private static void drain(List<Timed> window, BufferedWriter w, long before) throws IOException {
    window.sort(Comparator.comparingLong(Timed::arrival));
    int i = 0;
    while (i < window.size() && window.get(i).arrival() < before) {
      w.write(window.get(i).json());
      w.write('\n');
      i++;
    }
    window.subList(0, i).clear();
  }

  private static long publishedOf(String json) {
    int i = json.indexOf("\"published\":\"") + 13;
    return Instant.parse(json.substring(i, json.indexOf('"', i))).toEpochMilli();
  }

  private List<User> population() {
    List<User> out = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      User u = new User();
      u.login = "user" + i + "@example.com";
      u.mobile = random.nextInt(5) == 0;
      u.home = u.mobile ? MOBILE[random.nextInt(MOBILE.length)] : HOME[random.nextInt(HOME.length)];
      u.commuter = !u.mobile && random.nextInt(10) == 0;
      u.admin = random.nextInt(100) == 0;
      u.passwordOnly = random.nextInt(100) == 0;
      u.ua = UAS[u.mobile ? 2 : random.nextInt(UAS.length)];
      u.dtHash = token(64).toLowerCase();
      u.host = 2 + random.nextInt(250);
      out.add(u);
    }
    return out;
  }

  private Net network(User u, long t) {
    if (u.commuter && ((t / 3_600_000L) % 24) >= 9 && ((t / 3_600_000L) % 24) < 17) {
      return OFFICE;
    }
    return u.home;
  }

  private String ip(Net net, User u) {
    if (net == OFFICE) {
      return net.prefix() + u.host;
    }
    int third = u.mobile || net == HOSTING ? random.nextInt(256) : (u.host * 7) % 256;
    return net.prefix() + third + "." + (u.mobile ? random.nextInt(256) : u.host);
  }

  private String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String authTarget(String name) {
    return "[{\"id\":\"pfd1" + name.length() + "\",\"type\":\"AuthenticatorEnrollment\",\"alternateId\":\"unknown\","
        + "\"displayName\":\"" + name + "\",\"detailEntry\":null}]";
  }

  private String app() {
    String[] apps = {"Salesforce", "Slack", "GitHub", "Zoom", "AWS IAM Identity Center", "Workday"};
    String name = apps[random.nextInt(apps.length)];
    return "[{\"id\":\"0oa" + Math.abs(name.hashCode()) + "\",\"type\":\"AppInstance\",\"alternateId\":\"" + name
        + "\",\"displayName\":\"" + name + "\",\"detailEntry\":{\"signOnModeType\":\"SAML_2_0\"}}]";
  }

  private static String adminApp() {
    return "[{\"id\":\"0oa1adminconsole\",\"type\":\"AppInstance\",\"alternateId\":\"Okta Admin Console\","
        + "\"displayName\":\"Okta Admin Console\",\"detailEntry\":null}]";
  }

  private static String adminGroup() {
    return "[{\"id\":\"00u9mallory\",\"type\":\"User\",\"alternateId\":\"mallory@example.com\",\"displayName\":\"Mallory\","
        + "\"detailEntry\":null},{\"id\":\"00g1admins\",\"type\":\"UserGroup\",\"alternateId\":\"unknown\","
        + "\"displayName\":\"Okta Administrators\",\"detailEntry\":null}]";
  }

  private static String idp() {
    return "[{\"id\":\"0oa1idp\",\"type\":\"IdentityProvider\",\"alternateId\":\"unknown\",\"displayName\":\"Corp SAML\","
        + "\"detailEntry\":null}]";
  }

  private String event(int n, long t, String type, String legacy, String message, User u, Net net, String ua,
      String dtHash, String result, String targets) {
    String[] agent = ua.split("\\|");
    String ip = ip(net, u);
    String requestId = token(26);
    String geo = "{\"city\":\"" + net.city() + "\",\"state\":null,\"country\":\"" + net.country()
        + "\",\"postalCode\":\"" + (10000 + u.host * 31) + "\",\"geolocation\":{\"lat\":" + net.lat() + ",\"lon\":"
        + net.lon() + "}}";
    StringBuilder sb = new StringBuilder(1600);
    sb.append("{\"actor\":{\"id\":\"00u").append(Integer.toHexString(u.login.hashCode())).append("\",\"type\":\"User\",")
        .append("\"alternateId\":\"").append(u.login).append("\",\"displayName\":\"").append(u.login, 0, u.login.indexOf('@'))
        .append("\",\"detailEntry\":null},")
        .append("\"client\":{\"userAgent\":{\"rawUserAgent\":\"").append(agent[0]).append("\",\"os\":\"").append(agent[2])
        .append("\",\"browser\":\"").append(agent[1]).append("\"},\"zone\":\"null\",\"device\":\"")
        .append(agent[2].equals("iOS") ? "Mobile" : "Computer").append("\",\"id\":null,\"ipAddress\":\"").append(ip)
        .append("\",\"geographicalContext\":").append(geo).append("},")
        .append("\"device\":null,")
        .append("\"authenticationContext\":{\"authenticationProvider\":null,\"credentialProvider\":null,")
        .append("\"credentialType\":null,\"issuer\":null,\"interface\":null,\"authenticationStep\":0,")
        .append("\"rootSessionId\":\"").append(u.session).append("\",\"externalSessionId\":\"")
        .append(result.equals("FAILURE") ? "unknown" : u.session).append("\"},")
        .append("\"displayMessage\":\"").append(message).append("\",\"eventType\":\"").append(type).append("\",")
        .append("\"outcome\":{\"result\":\"").append(result).append("\",\"reason\":")
        .append(result.equals("FAILURE") ? "\"VERIFICATION_ERROR\"" : "null").append("},")
        .append("\"published\":\"").append(Instant.ofEpochMilli(t)).append("\",")
        .append("\"securityContext\":{\"asNumber\":").append(net.asn()).append(",\"asOrg\":\"").append(net.org())
        .append("\",\"isp\":\"").append(net.org()).append("\",\"domain\":").append(net == HOSTING ? "\"digitalocean.com\"" : "null")
        .append(",\"isProxy\":false},")
        .append("\"severity\":\"INFO\",")
        .append("\"debugContext\":{\"debugData\":{\"requestId\":\"").append(requestId).append("\",")
        .append("\"requestUri\":\"/idp/idx/identify\",\"url\":\"/idp/idx/identify?\",")
        .append(dtHash == null ? "" : "\"dtHash\":\"" + dtHash + "\",")
        .append("\"behaviors\":\"{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE, New State=NEGATIVE, ")
        .append("New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}\",")
        .append("\"risk\":\"{level=LOW}\",\"threatSuspected\":\"false\"}},")
        .append("\"legacyEventType\":\"").append(legacy).append("\",")
        .append("\"transaction\":{\"type\":\"WEB\",\"id\":\"").append(requestId).append("\",\"detail\":{}},")
        .append("\"uuid\":\"").append(String.format("%08x-%04x-11ee-%04x-%012x", n, u.host, n & 0xffff, (long) n * 7919))
        .append("\",\"version\":\"0\",")
        .append("\"request\":{\"ipChain\":[{\"ip\":\"").append(ip).append("\",\"geographicalContext\":").append(geo)
        .append(",\"version\":\"V4\",\"source\":null}]},")
        .append("\"target\":").append(targets).append('}');
    return sb.toString();
  }
}
