package dev.sidguard.detect;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * The configured view of networks: egress CIDRs, trusted (VPN) ASNs, hosting/proxy recognition,
 * allow-lists, and the "network identity" of a client used to compare a session with its birth.
 *
 * Identity is the ASN when Okta knows it, otherwise a coarse address prefix (/16 for IPv4, /48
 * for IPv6), so IP churn inside one provider and IPv6 privacy-address rotation inside one prefix
 * never look like a new network. CIDR membership of plain IPv4 addresses is decided by Ipv4Ranges;
 * anything else needs an address parse (about a microsecond), so those answers are cached per IP
 * string; the caches are bounded and clear when full.
 */
final class Networks {
  private static final int MAX_CACHE = 65_536;
  private final List<IPAddress> egress;
  private final List<IPAddress> allowCidrs;
  private final Ipv4Ranges egressV4;
  private final Ipv4Ranges allowV4;
  private final Set<Long> trustedAsns;
  private final Set<Long> hostingAsns;
  private final List<String> hostingKeywords;
  private final Set<String> allowUsers;
  private final Set<String> allowClientIds;
  private final Map<String, Boolean> egressCache = new HashMap<>();
  private final Map<String, Boolean> allowCache = new HashMap<>();
  private final Map<String, Boolean> keywordCache = new HashMap<>();
  // Every rule asks about the same event in turn: answers are memoised for the current event.
  // "AS<n>" names by ASN, direct-mapped: one shared instance per network, so identities compare by reference.
  private final long[] asnKeys = new long[1024];
  private final @Nullable String[] asnNames = new String[1024];
  private @Nullable OktaEvent memo;
  private int memoTrusted;
  private int memoHosting;
  private @Nullable String memoIdentity;
  private boolean memoIdentityDone;

  Networks(DetectConfig c) {
    egress = parse(c.adminEgressCidrs());
    allowCidrs = parse(c.allowCidrs());
    egressV4 = new Ipv4Ranges(egress);
    allowV4 = new Ipv4Ranges(allowCidrs);
    trustedAsns = c.trustedAsns();
    hostingAsns = c.hostingAsns();
    hostingKeywords = c.hostingKeywords().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    allowUsers = Set.copyOf(c.allowUsers().stream().map(u -> u.toLowerCase(Locale.ROOT)).toList());
    allowClientIds = Set.copyOf(c.allowClientIds());
  }

  boolean hasEgressRanges() {
    return !egress.isEmpty();
  }

  boolean hasTrustedAsns() {
    return !trustedAsns.isEmpty();
  }

  /** The client IP lies inside admin_egress_cidrs. */
  boolean inEgress(OktaEvent e) {
    return contains(egress, egressV4, egressCache, e.client().ip());
  }

  /** Corporate egress or VPN: inside admin_egress_cidrs or from a trusted ASN. */
  boolean trusted(OktaEvent e) {
    remember(e);
    if (memoTrusted == 0) {
      memoTrusted = trustedAsns.contains(e.security().asNumber()) || inEgress(e) ? 1 : 2;
    }
    return memoTrusted == 1;
  }

  /** A hosting, proxy or anonymising network. */
  boolean hosting(OktaEvent e) {
    remember(e);
    if (memoHosting == 0) {
      OktaEvent.Security s = e.security();
      boolean hit = Boolean.TRUE.equals(s.proxy()) || hostingAsns.contains(s.asNumber())
          || keyword(s.asOrg()) || keyword(s.isp()) || keyword(s.domain());
      memoHosting = hit ? 1 : 2;
    }
    return memoHosting == 1;
  }

  /** Network identity: "AS<n>" when known, else a coarse prefix of the IP, else null. */
  @Nullable String network(OktaEvent e) {
    remember(e);
    if (!memoIdentityDone) {
      memoIdentity = identity(e);
      memoIdentityDone = true;
    }
    return memoIdentity;
  }

  private void remember(OktaEvent e) {
    if (e != memo) {
      memo = e;
      memoTrusted = 0;
      memoHosting = 0;
      memoIdentity = null;
      memoIdentityDone = false;
    }
  }

  private boolean keyword(@Nullable String org) {
    if (org == null || hostingKeywords.isEmpty()) {
      return false;
    }
    Boolean hit = keywordCache.get(org);
    if (hit == null) {
      String lower = org.toLowerCase(Locale.ROOT);
      hit = false;
      for (String k : hostingKeywords) {
        if (lower.contains(k)) {
          hit = true;
          break;
        }
      }
      put(keywordCache, org, hit);
    }
    return hit;
  }

  /** Okta's own back-end traffic (client.id "okta.…", Okta-Integrations agent): not a user's network. */
  static boolean oktaInternal(OktaEvent e) {
    String id = e.client().id();
    String ua = e.client().userAgent();
    return (id != null && id.startsWith("okta.")) || (ua != null && ua.startsWith("Okta-Integrations"));
  }

  /** The event's actor, client or source network is allow-listed. */
  boolean allowed(OktaEvent e) {
    String alt = e.actor().alternateId();
    String id = e.actor().id();
    if (!allowUsers.isEmpty()
        && ((alt != null && allowUsers.contains(alt.toLowerCase(Locale.ROOT)))
            || (id != null && allowUsers.contains(id.toLowerCase(Locale.ROOT))))) {
      return true;
    }
    String client = e.client().id();
    if (client != null && allowClientIds.contains(client)) {
      return true;
    }
    return contains(allowCidrs, allowV4, allowCache, e.client().ip());
  }

  private @Nullable String identity(OktaEvent e) {
    long asn = e.security().asNumber();
    if (asn > 0) {
      int slot = (int) (asn ^ (asn >>> 10)) & (asnKeys.length - 1);
      String name = asnNames[slot];
      if (name == null || asnKeys[slot] != asn) {
        name = "AS" + asn;
        asnKeys[slot] = asn;
        asnNames[slot] = name;
      }
      return name;
    }
    String ip = e.client().ip();
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    if (ip.indexOf(':') >= 0) {
      IPAddress a = new IPAddressString(ip).getAddress();
      return a == null ? ip : a.toPrefixBlock(48).toCanonicalString();
    }
    int first = ip.indexOf('.');
    int second = first < 0 ? -1 : ip.indexOf('.', first + 1);
    return second < 0 ? ip : ip.substring(0, second) + ".0.0/16";
  }

  private static boolean contains(List<IPAddress> ranges, Ipv4Ranges v4, Map<String, Boolean> cache,
      @Nullable String ip) {
    if (ranges.isEmpty() || ip == null) {
      return false;
    }
    int fast = v4.contains(ip);
    if (fast != Ipv4Ranges.UNKNOWN) {
      return fast == 1;
    }
    Boolean hit = cache.get(ip);
    if (hit == null) {
      IPAddress a = new IPAddressString(ip).getAddress();
      hit = false;
      if (a != null) {
        for (IPAddress r : ranges) {
          if (r.getIPVersion() == a.getIPVersion() && r.contains(a)) {
            hit = true;
            break;
          }
        }
      }
      put(cache, ip, hit);
    }
    return hit;
  }

  private static void put(Map<String, Boolean> cache, String key, Boolean value) {
    if (cache.size() >= MAX_CACHE) {
      cache.clear();
    }
    cache.put(key, value);
  }

  private static List<IPAddress> parse(List<String> cidrs) {
    List<IPAddress> out = new ArrayList<>();
    for (String c : cidrs) {
      IPAddress a = new IPAddressString(c).getAddress();
      if (a != null) {
        out.add(a.isPrefixed() ? a.toPrefixBlock() : a);
      }
    }
    return out;
  }
}
