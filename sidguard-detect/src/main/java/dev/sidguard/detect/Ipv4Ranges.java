package dev.sidguard.detect;

import inet.ipaddr.IPAddress;
import java.util.List;

/*
 * Membership of a client IP in configured CIDR ranges, without an address parse for the common
 * case. Okta writes IPv4 clients as plain dotted decimal; such a string is read here into an int
 * and compared with the ranges' bounds, which costs nanoseconds where IPAddressString costs about
 * a microsecond (and mobile carriers give a new IP nearly every event, so a cache keyed by IP
 * keeps missing). Anything else (IPv6, leading zeros, inet_aton shorthands, whitespace) answers
 * UNKNOWN and the caller falls back to the ipaddress library, so the answers are the library's.
 * The fast path is off when an IPv4 range is not one contiguous interval (e.g. "1.2.*.4").
 */
final class Ipv4Ranges {
  static final int UNKNOWN = -1;
  private final long[] lower;
  private final long[] upper;
  private final boolean usable;

  Ipv4Ranges(List<IPAddress> ranges) {
    int n = 0;
    boolean ok = true;
    for (IPAddress r : ranges) {
      if (r.isIPv4()) {
        n++;
        ok &= r.isSequential();
      }
    }
    lower = new long[n];
    upper = new long[n];
    int i = 0;
    for (IPAddress r : ranges) {
      if (r.isIPv4()) {
        lower[i] = r.getLower().toIPv4().longValue();
        upper[i] = r.getUpper().toIPv4().longValue();
        i++;
      }
    }
    usable = ok;
  }

  /** 1 when {@code ip} is a plain dotted-decimal IPv4 address inside a range, 0 when outside, else UNKNOWN. */
  int contains(String ip) {
    if (!usable) {
      return UNKNOWN;
    }
    long a = parse(ip);
    if (a < 0) {
      return UNKNOWN;
    }
    for (int i = 0; i < lower.length; i++) {
      if (a >= lower[i] && a <= upper[i]) {
        return 1;
      }
    }
    return 0;
  }

  /** The address of "a.b.c.d" (four decimal parts 0-255, no leading zeros), or -1. */
  static long parse(String ip) {
    int len = ip.length();
    if (len < 7 || len > 15) {
      return -1;
    }
    long value = 0;
    int part = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i < len; i++) {
      char c = ip.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits > 0 && octet == 0) {
          return -1;
        }
        octet = octet * 10 + (c - '0');
        digits++;
        if (digits > 3 || octet > 255) {
          return -1;
        }
      } else if (c == '.' && digits > 0 && part < 3) {
        value = (value << 8) | octet;
        part++;
        digits = 0;
        octet = 0;
      } else {
        return -1;
      }
    }
    if (part != 3 || digits == 0) {
      return -1;
    }
    return (value << 8) | octet;
  }
}
