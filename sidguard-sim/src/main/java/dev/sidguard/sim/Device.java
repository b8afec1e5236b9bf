package dev.sidguard.sim;

import java.util.SplittableRandom;

/*
 * A browser on a laptop or phone: the user-agent family Okta reports, a raw user agent whose
 * major version moves when the browser auto-updates, and the device token (DT cookie) whose hash
 * Okta logs as dtHash. The DT cookie survives browser updates, so dtHash stays the same.
 */
record Device(Kind kind, int baseMajor, String dtHash) {

  enum Kind {
    MAC_CHROME("Mac OS X", "CHROME", "Computer"),
    WINDOWS_CHROME("Windows 10", "CHROME", "Computer"),
    WINDOWS_EDGE("Windows 10", "EDGE_CHROMIUM", "Computer"),
    MAC_SAFARI("Mac OS X", "SAFARI", "Computer"),
    WINDOWS_FIREFOX("Windows 10", "FIREFOX", "Computer"),
    IPHONE_SAFARI("iOS", "SAFARI", "Mobile"),
    ANDROID_CHROME("Android", "CHROME", "Mobile");

    final String os;
    final String browser;
    final String deviceType;

    Kind(String os, String browser, String deviceType) {
      this.os = os;
      this.browser = browser;
      this.deviceType = deviceType;
    }
  }

  static Device laptop(SplittableRandom r) {
    int p = r.nextInt(100);
    Kind k = p < 48 ? Kind.MAC_CHROME : p < 72 ? Kind.WINDOWS_CHROME : p < 84 ? Kind.WINDOWS_EDGE
        : p < 94 ? Kind.MAC_SAFARI : Kind.WINDOWS_FIREFOX;
    return new Device(k, baseMajor(k, r), Ids.dtHash(r));
  }

  static Device phone(SplittableRandom r) {
    Kind k = r.nextInt(100) < 55 ? Kind.IPHONE_SAFARI : Kind.ANDROID_CHROME;
    return new Device(k, baseMajor(k, r), Ids.dtHash(r));
  }

  private static int baseMajor(Kind k, SplittableRandom r) {
    return switch (k) {
      case MAC_CHROME, WINDOWS_CHROME, ANDROID_CHROME, WINDOWS_EDGE -> 116 + r.nextInt(2);
      case WINDOWS_FIREFOX -> 117 + r.nextInt(2);
      case MAC_SAFARI, IPHONE_SAFARI -> 16 + r.nextInt(2);
    };
  }

  boolean autoUpdates() {
    return kind != Kind.MAC_SAFARI && kind != Kind.IPHONE_SAFARI;
  }

  /** The raw user agent at browser major version {@code major} and build {@code build}. */
  String userAgent(int major, int build) {
    String chrome = major + ".0." + build + ".0";
    return switch (kind) {
      case MAC_CHROME -> "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
          + major + ".0.0.0 Safari/537.36";
      case WINDOWS_CHROME -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
          + major + ".0.0.0 Safari/537.36";
      case WINDOWS_EDGE -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
          + major + ".0.0.0 Safari/537.36 Edg/" + chrome;
      case MAC_SAFARI -> "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/"
          + major + "." + (build % 7) + " Safari/605.1.15";
      case WINDOWS_FIREFOX -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:" + major + ".0) Gecko/20100101 Firefox/"
          + major + ".0";
      case IPHONE_SAFARI -> "Mozilla/5.0 (iPhone; CPU iPhone OS " + major + "_" + (build % 7)
          + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" + major + "." + (build % 7)
          + " Mobile/15E148 Safari/604.1";
      case ANDROID_CHROME -> "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
          + major + ".0.0.0 Mobile Safari/537.36";
    };
  }
}
