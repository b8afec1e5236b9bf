package dev.sidguard.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Writes a deterministic NDJSON day of Okta events for process-level tests: users log in with MFA
 * from their home network and use apps; every few thousand events one admin session is replayed
 * from a hosting network abroad with another browser, opens the Admin Console, adds a user to a
 * privileged group and updates an identity provider.
 */
final class OktaLogFixture {
  private static final String[][] NETS = {
    {"82.12.%d.%d", "5089", "Virgin Media", "United Kingdom", "London", "51.5", "-0.12"},
    {"73.15.%d.%d", "7922", "Comcast Cable Communications, LLC", "United States", "San Francisco", "37.77", "-122.41"},
    {"91.64.%d.%d", "3320", "Deutsche Telekom AG", "Germany", "Berlin", "52.52", "13.40"},
    {"172.56.%d.%d", "21928", "T-Mobile USA, Inc.", "United States", "Seattle", "47.60", "-122.33"},
  };
  private static final String CHROME =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36";
  private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0";

  private OktaLogFixture() {}

  /** Writes {@code count} events; returns the number of replay attacks planted. */
  static int write(Path file, int count, long seed) throws IOException {
    Random r = new Random(seed);
    long t = Instant.parse("2023-10-18T00:00:00Z").toEpochMilli();
    int users = 2000;
    String[] session = new String[users];
    int[] net = new int[users];
    int attacks = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      int n = 0;
      while (n < count) {
        t += r.nextInt(400);
        int u = r.nextInt(users);
        String user = "user" + u + "@example.com";
        if (session[u] == null || r.nextInt(50) == 0) {
          session[u] = "102" + Long.toHexString(r.nextLong() & Long.MAX_VALUE) + u;
          net[u] = u % NETS.length;
          w.write(event(n++, t, "user.session.start", user, session[u], net[u], u, CHROME, "a", "Password"));
          w.write(event(n++, t + 200, "user.authentication.auth_via_mfa", user, session[u], net[u], u, CHROME, "a",
              "Okta Verify"));
          continue;
        }
        if (n > 5000 && r.nextInt(4000) == 0) {
          attacks++;
          String[] replay = {"user.session.access_admin_app", "group.user_membership.add", "system.idp.lifecycle.update"};
          for (int k = 0; k < replay.length; k++) {
            w.write(event(n++, t + k * 1000L, replay[k], user, session[u], -1, u, FIREFOX, "b", null));
          }
          continue;
        }
        w.write(event(n++, t, "user.authentication.sso", user, session[u], net[u], u, CHROME, "a", null));
      }
    }
    return attacks;
  }

  private static String event(int n, long t, String type, String user, String session, int netIndex, int u,
      String ua, String dt, String authenticator) {
    String ip;
    String asn;
    String org;
    String country;
    String city;
    String lat;
    String lon;
    if (netIndex < 0) {
      ip = "167.99.36." + (u % 250);
      asn = "14061";
      org = "DigitalOcean, LLC";
      country = "Netherlands";
      city = "Amsterdam";
      lat = "52.37";
      lon = "4.90";
    } else {
      String[] net = NETS[netIndex];
      ip = String.format(net[0], (u / 250) % 250, u % 250);
      asn = net[1];
      org = net[2];
      country = net[3];
      city = net[4];
      lat = net[5];
      lon = net[6];
    }
    String target = authenticator != null
        ? "[{\"id\":\"aut1\",\"type\":\"AuthenticatorEnrollment\",\"alternateId\":\"unknown\",\"displayName\":\"" + authenticator + "\"}]"
        : type.startsWith("group.")
            ? "[{\"id\":\"00u9\",\"type\":\"User\",\"alternateId\":\"mallory@example.com\",\"displayName\":\"Mallory\"},"
                + "{\"id\":\"00g1\",\"type\":\"UserGroup\",\"alternateId\":\"unknown\",\"displayName\":\"Okta Administrators\"}]"
            : "[]";
    return "{\"uuid\":\"" + String.format("%08x-0000-4000-8000-%012d", u, n) + "\",\"published\":\""
        + Instant.ofEpochMilli(t) + "\",\"eventType\":\"" + type + "\",\"version\":\"0\",\"severity\":\"INFO\","
        + "\"actor\":{\"id\":\"00u" + u + "\",\"type\":\"User\",\"alternateId\":\"" + user + "\",\"displayName\":\"U\"},"
        + "\"client\":{\"userAgent\":{\"rawUserAgent\":\"" + ua + "\",\"os\":\"" + (ua == CHROME ? "Mac OS X" : "Linux")
        + "\",\"browser\":\"" + (ua == CHROME ? "CHROME" : "FIREFOX") + "\"},\"zone\":\"null\",\"device\":\"Computer\","
        + "\"ipAddress\":\"" + ip + "\",\"geographicalContext\":{\"city\":\"" + city + "\",\"country\":\"" + country
        + "\",\"geolocation\":{\"lat\":" + lat + ",\"lon\":" + lon + "}}},"
        + "\"authenticationContext\":{\"externalSessionId\":\"" + session + "\"},"
        + "\"outcome\":{\"result\":\"SUCCESS\"},"
        + "\"securityContext\":{\"asNumber\":" + asn + ",\"asOrg\":\"" + org + "\",\"isp\":\"" + org
        + "\",\"isProxy\":false},"
        + "\"debugContext\":{\"debugData\":{\"requestUri\":\"/app/x\",\"dtHash\":\"" + dt.repeat(64) + "\"}},"
        + "\"target\":" + target + "}\n";
  }
}
