package dev.sidguard.detect;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/*
 * Hand-rolled parser for the two timestamp shapes Okta data arrives in: ISO-8601
 * ("2024-08-13T15:58:20.353Z", with an optional offset) and Panther's
 * "2022-06-22 18:18:29.015" (UTC, space separator). Instant.parse costs about a microsecond per
 * call and allocates; this reads the chars Jackson already holds. Anything else falls back to
 * Instant.parse, and unparseable text gives OktaEvent.NO_TIME.
 */
final class Timestamps {
  private Timestamps() {}

  static long parse(char[] c, int off, int len) {
    if (len >= 19) {
      long fast = parseFast(c, off, len);
      if (fast != OktaEvent.NO_TIME) {
        return fast;
      }
    }
    try {
      return Instant.parse(new String(c, off, len).trim()).toEpochMilli();
    } catch (DateTimeParseException e) {
      return OktaEvent.NO_TIME;
    }
  }

  static long parse(String s) {
    return parse(s.toCharArray(), 0, s.length());
  }

  private static long parseFast(char[] c, int o, int len) {
    int end = o + len;
    int year = digits(c, o, 4);
    int month = digits(c, o + 5, 2);
    int day = digits(c, o + 8, 2);
    int hour = digits(c, o + 11, 2);
    int minute = digits(c, o + 14, 2);
    int second = digits(c, o + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 60
        || c[o + 4] != '-' || c[o + 7] != '-' || (c[o + 10] != 'T' && c[o + 10] != ' ' && c[o + 10] != 't')
        || c[o + 13] != ':' || c[o + 16] != ':') {
      return OktaEvent.NO_TIME;
    }
    int i = o + 19;
    int millis = 0;
    if (i < end && c[i] == '.') {
      i++;
      int scale = 100;
      int start = i;
      while (i < end && c[i] >= '0' && c[i] <= '9') {
        if (scale > 0) {
          millis += (c[i] - '0') * scale;
          scale /= 10;
        }
        i++;
      }
      if (i == start) {
        return OktaEvent.NO_TIME;
      }
    }
    long offsetSeconds = 0;
    if (i < end && (c[i] == 'Z' || c[i] == 'z')) {
      i++;
    } else if (i < end && (c[i] == '+' || c[i] == '-')) {
      if (end - i != 6 || c[i + 3] != ':') {
        return OktaEvent.NO_TIME;
      }
      int oh = digits(c, i + 1, 2);
      int om = digits(c, i + 4, 2);
      if (oh < 0 || om < 0) {
        return OktaEvent.NO_TIME;
      }
      offsetSeconds = (c[i] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
      i += 6;
    }
    if (i != end) {
      return OktaEvent.NO_TIME;
    }
    long days = daysFromCivil(year, month, day);
    return ((days * 86400L + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000L + millis;
  }

  private static int digits(char[] c, int at, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      char ch = c[at + k];
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm). */
  private static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
