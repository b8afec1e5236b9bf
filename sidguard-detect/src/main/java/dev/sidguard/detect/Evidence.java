package dev.sidguard.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/*
 * How a client's network and device are shown in alert evidence, the same way in every rule.
 * Only what Okta already shows an administrator: IP, ASN and organisation, place, user agent.
 */
final class Evidence {
  private Evidence() {}

  static Map<String, Object> network(OktaEvent e, Networks networks) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "ip", e.client().ip());
    if (e.security().asNumber() > 0) {
      m.put("asn", e.security().asNumber());
    }
    put(m, "as_org", e.security().asOrg() != null ? e.security().asOrg() : e.security().isp());
    put(m, "country", e.client().country());
    put(m, "city", e.client().city());
    m.put("hosting", networks.hosting(e));
    m.put("trusted", networks.trusted(e));
    put(m, "user_agent", e.client().userAgent());
    return m;
  }

  static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static String where(OktaEvent e) {
    StringBuilder sb = new StringBuilder();
    sb.append(e.client().ip() == null ? "an unknown address" : e.client().ip());
    if (e.security().asNumber() > 0) {
      sb.append(" (AS").append(e.security().asNumber());
      String org = e.security().asOrg() != null ? e.security().asOrg() : e.security().isp();
      if (org != null) {
        sb.append(' ').append(org);
      }
      sb.append(')');
    }
    if (e.client().country() != null) {
      sb.append(" in ").append(e.client().city() == null ? "" : e.client().city() + ", ").append(e.client().country());
    }
    return sb.toString();
  }
}
