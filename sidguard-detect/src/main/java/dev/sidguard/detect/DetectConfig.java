package dev.sidguard.detect;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Detection configuration: every threshold, list and rule switch, from YAML over built-in defaults.
 */
public final class DetectConfig {
  /*
   * The built-in defaults live in default-config.yaml (a resource) and are read by the same loader
   * as user files, so the documented defaults and the effective ones cannot drift. A user file
   * overrides keys it names; lists replace, rules merge per rule. Validation happens while
   * reading so every error names the file, line and key path.
   */
  /** Event-type categories under {@code event_types}. */
  public static final List<String> EVENT_TYPE_CATEGORIES = List.of(
      "authentication", "mfa", "token_grant", "privilege_grant", "group_membership_add", "admin_console", "sensitive");

  private final List<String> adminEgressCidrs;
  private final List<String> privilegedGroups;
  private final Set<Long> trustedAsns;
  private final Set<Long> hostingAsns;
  private final List<String> hostingKeywords;
  private final Duration sessionLifetime;
  private final Duration learningWindow;
  private final Duration outOfOrderWindow;
  private final double maxSpeedKmh;
  private final double minDistanceKm;
  private final double geoErrorKm;
  private final String adminConsoleApp;
  private final boolean adminConsoleRequireEgress;
  private final Map<String, List<String>> eventTypes;
  private final List<String> allowUsers;
  private final List<String> allowCidrs;
  private final List<String> allowClientIds;
  private final Map<String, RuleSettings> rules;

  /** Per-rule switch and severity. */
  public record RuleSettings(boolean enabled, Severity severity) {}

  private DetectConfig(Builder b) {
    adminEgressCidrs = List.copyOf(b.adminEgressCidrs);
    privilegedGroups = List.copyOf(b.privilegedGroups);
    trustedAsns = Set.copyOf(b.trustedAsns);
    hostingAsns = Set.copyOf(b.hostingAsns);
    hostingKeywords = List.copyOf(b.hostingKeywords);
    sessionLifetime = b.sessionLifetime;
    learningWindow = b.learningWindow;
    outOfOrderWindow = b.outOfOrderWindow;
    maxSpeedKmh = b.maxSpeedKmh;
    minDistanceKm = b.minDistanceKm;
    geoErrorKm = b.geoErrorKm;
    adminConsoleApp = b.adminConsoleApp;
    adminConsoleRequireEgress = b.adminConsoleRequireEgress;
    Map<String, List<String>> types = new LinkedHashMap<>();
    b.eventTypes.forEach((k, v) -> types.put(k, List.copyOf(v)));
    eventTypes = Map.copyOf(types);
    allowUsers = List.copyOf(b.allowUsers);
    allowCidrs = List.copyOf(b.allowCidrs);
    allowClientIds = List.copyOf(b.allowClientIds);
    rules = Map.copyOf(b.rules);
  }

  /** The built-in defaults (default-config.yaml). */
  public static DetectConfig defaults() {
    return defaultsBuilder().build();
  }

  /** A builder holding the built-in defaults, for programmatic changes. */
  public static Builder defaultsBuilder() {
    Builder b = new Builder();
    try (InputStream in = DetectConfig.class.getResourceAsStream("default-config.yaml")) {
      if (in == null) {
        throw new IllegalStateException("default-config.yaml missing from the classpath");
      }
      b.apply(YamlTree.read(new InputStreamReader(in, StandardCharsets.UTF_8), "default-config.yaml"),
          "default-config.yaml");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b;
  }

  /**
   * Reads a YAML file over the defaults.
   *
   * @throws DetectException naming the file, line and key on any error
   */
  public static DetectConfig load(Path file) {
    Builder b = defaultsBuilder();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      b.apply(YamlTree.read(r, file.toString()), file.toString());
    } catch (NoSuchFileException e) {
      throw new DetectException(file + ": no such file");
    } catch (IOException e) {
      throw new DetectException(file + ": cannot read: " + e.getMessage(), e);
    }
    return b.build();
  }

  /** Reads YAML text over the defaults; {@code source} names it in messages. */
  public static DetectConfig parse(String yaml, String source) {
    Builder b = defaultsBuilder();
    b.apply(YamlTree.read(new java.io.StringReader(yaml), source), source);
    return b.build();
  }

  public List<String> adminEgressCidrs() {
    return adminEgressCidrs;
  }

  public List<String> privilegedGroups() {
    return privilegedGroups;
  }

  public Set<Long> trustedAsns() {
    return trustedAsns;
  }

  public Set<Long> hostingAsns() {
    return hostingAsns;
  }

  public List<String> hostingKeywords() {
    return hostingKeywords;
  }

  public Duration sessionLifetime() {
    return sessionLifetime;
  }

  public Duration learningWindow() {
    return learningWindow;
  }

  public Duration outOfOrderWindow() {
    return outOfOrderWindow;
  }

  public double maxSpeedKmh() {
    return maxSpeedKmh;
  }

  public double minDistanceKm() {
    return minDistanceKm;
  }

  public double geoErrorKm() {
    return geoErrorKm;
  }

  public String adminConsoleApp() {
    return adminConsoleApp;
  }

  public boolean adminConsoleRequireEgress() {
    return adminConsoleRequireEgress;
  }

  /** Event-type patterns of one of {@link #EVENT_TYPE_CATEGORIES}. */
  public List<String> eventTypes(String category) {
    return eventTypes.getOrDefault(category, List.of());
  }

  public List<String> allowUsers() {
    return allowUsers;
  }

  public List<String> allowCidrs() {
    return allowCidrs;
  }

  public List<String> allowClientIds() {
    return allowClientIds;
  }

  /** Settings of a rule; a rule the configuration does not name is enabled at its default severity. */
  public @Nullable RuleSettings rule(String id) {
    return rules.get(id);
  }

  /** Mutable configuration; {@link #build()} validates nothing further (values are checked on entry). */
  public static final class Builder {
    private List<String> adminEgressCidrs = new ArrayList<>();
    private List<String> privilegedGroups = new ArrayList<>();
    private Set<Long> trustedAsns = new LinkedHashSet<>();
    private Set<Long> hostingAsns = new LinkedHashSet<>();
    private List<String> hostingKeywords = new ArrayList<>();
    private Duration sessionLifetime = Duration.ofHours(12);
    private Duration learningWindow = Duration.ofDays(30);
    private Duration outOfOrderWindow = Duration.ofMinutes(5);
    private double maxSpeedKmh = 1000;
    private double minDistanceKm = 500;
    private double geoErrorKm = 100;
    private String adminConsoleApp = "Okta Admin Console";
    private boolean adminConsoleRequireEgress;
    private final Map<String, List<String>> eventTypes = new LinkedHashMap<>();
    private List<String> allowUsers = new ArrayList<>();
    private List<String> allowCidrs = new ArrayList<>();
    private List<String> allowClientIds = new ArrayList<>();
    private final Map<String, RuleSettings> rules = new LinkedHashMap<>();

    private Builder() {}

    public Builder adminEgressCidrs(List<String> cidrs) {
      for (int i = 0; i < cidrs.size(); i++) {
        checkCidr(cidrs.get(i), "admin_egress_cidrs[" + i + "]", "builder", 0);
      }
      adminEgressCidrs = new ArrayList<>(cidrs);
      return this;
    }

    public Builder privilegedGroups(List<String> groups) {
      privilegedGroups = new ArrayList<>(groups);
      return this;
    }

    public Builder trustedAsns(Set<Long> asns) {
      trustedAsns = new LinkedHashSet<>(asns);
      return this;
    }

    public Builder hostingAsns(Set<Long> asns) {
      hostingAsns = new LinkedHashSet<>(asns);
      return this;
    }

    public Builder hostingKeywords(List<String> keywords) {
      hostingKeywords = new ArrayList<>(keywords);
      return this;
    }

    public Builder sessionLifetime(Duration d) {
      sessionLifetime = d;
      return this;
    }

    public Builder learningWindow(Duration d) {
      learningWindow = d;
      return this;
    }

    public Builder outOfOrderWindow(Duration d) {
      outOfOrderWindow = d;
      return this;
    }

    public Builder travel(double maxSpeedKmh, double minDistanceKm, double geoErrorKm) {
      this.maxSpeedKmh = maxSpeedKmh;
      this.minDistanceKm = minDistanceKm;
      this.geoErrorKm = geoErrorKm;
      return this;
    }

    public Builder adminConsoleRequireEgress(boolean require) {
      adminConsoleRequireEgress = require;
      return this;
    }

    public Builder eventTypes(String category, List<String> patterns) {
      if (!EVENT_TYPE_CATEGORIES.contains(category)) {
        throw new IllegalArgumentException("unknown event type category " + category);
      }
      eventTypes.put(category, new ArrayList<>(patterns));
      return this;
    }

    public Builder allowUsers(List<String> users) {
      allowUsers = new ArrayList<>(users);
      return this;
    }

    public Builder allowCidrs(List<String> cidrs) {
      for (int i = 0; i < cidrs.size(); i++) {
        checkCidr(cidrs.get(i), "allow.cidrs[" + i + "]", "builder", 0);
      }
      allowCidrs = new ArrayList<>(cidrs);
      return this;
    }

    public Builder allowClientIds(List<String> ids) {
      allowClientIds = new ArrayList<>(ids);
      return this;
    }

    public Builder rule(String id, boolean enabled, Severity severity) {
      rules.put(id, new RuleSettings(enabled, severity));
      return this;
    }

    public DetectConfig build() {
      return new DetectConfig(this);
    }

    // ---- YAML ----

    void apply(YamlTree.Node root, String src) {
      Map<String, YamlTree.Node> top = root.map();
      if (top == null) {
        throw err(src, root, "(top level)", "must be a mapping of keys");
      }
      for (Map.Entry<String, YamlTree.Node> e : top.entrySet()) {
        String key = e.getKey();
        YamlTree.Node n = e.getValue();
        switch (key) {
          case "admin_egress_cidrs" -> adminEgressCidrs = cidrs(n, key, src);
          case "privileged_groups" -> privilegedGroups = strings(n, key, src);
          case "trusted_asns" -> trustedAsns = asns(n, key, src);
          case "hosting_asns" -> hostingAsns = asns(n, key, src);
          case "hosting_keywords" -> hostingKeywords = lower(strings(n, key, src));
          case "session_lifetime" -> sessionLifetime = duration(n, key, src);
          case "learning_window" -> learningWindow = duration(n, key, src);
          case "out_of_order_window" -> outOfOrderWindow = duration(n, key, src);
          case "admin_console_app" -> adminConsoleApp = string(n, key, src);
          case "admin_console_require_egress" -> adminConsoleRequireEgress = bool(n, key, src);
          case "travel" -> travel(n, src);
          case "event_types" -> eventTypes(n, src);
          case "allow" -> allow(n, src);
          case "rules" -> rules(n, src);
          default -> throw err(src, n, key, "unknown key");
        }
      }
    }

    private void travel(YamlTree.Node n, String src) {
      for (Map.Entry<String, YamlTree.Node> e : map(n, "travel", src).entrySet()) {
        String path = "travel." + e.getKey();
        double v = positive(e.getValue(), path, src);
        switch (e.getKey()) {
          case "max_speed_kmh" -> maxSpeedKmh = v;
          case "min_distance_km" -> minDistanceKm = v;
          case "geo_error_km" -> geoErrorKm = v;
          default -> throw err(src, e.getValue(), path, "unknown key");
        }
      }
    }

    private void eventTypes(YamlTree.Node n, String src) {
      for (Map.Entry<String, YamlTree.Node> e : map(n, "event_types", src).entrySet()) {
        String path = "event_types." + e.getKey();
        if (!EVENT_TYPE_CATEGORIES.contains(e.getKey())) {
          throw err(src, e.getValue(), path, "unknown key (expected one of " + EVENT_TYPE_CATEGORIES + ")");
        }
        eventTypes.put(e.getKey(), strings(e.getValue(), path, src));
      }
    }

    private void allow(YamlTree.Node n, String src) {
      for (Map.Entry<String, YamlTree.Node> e : map(n, "allow", src).entrySet()) {
        String path = "allow." + e.getKey();
        switch (e.getKey()) {
          case "users" -> allowUsers = strings(e.getValue(), path, src);
          case "cidrs" -> allowCidrs = cidrs(e.getValue(), path, src);
          case "client_ids" -> allowClientIds = strings(e.getValue(), path, src);
          default -> throw err(src, e.getValue(), path, "unknown key");
        }
      }
    }

    private void rules(YamlTree.Node n, String src) {
      for (Map.Entry<String, YamlTree.Node> e : map(n, "rules", src).entrySet()) {
        String id = e.getKey();
        String path = "rules." + id;
        if (!Rules.IDS.contains(id)) {
          throw err(src, e.getValue(), path, "unknown rule (expected one of " + Rules.IDS + ")");
        }
        RuleSettings current = rules.getOrDefault(id, new RuleSettings(true, Severity.HIGH));
        boolean enabled = current.enabled();
        Severity severity = current.severity();
        for (Map.Entry<String, YamlTree.Node> s : map(e.getValue(), path, src).entrySet()) {
          String p = path + "." + s.getKey();
          switch (s.getKey()) {
            case "enabled" -> enabled = bool(s.getValue(), p, src);
            case "severity" -> severity = severity(s.getValue(), p, src);
            default -> throw err(src, s.getValue(), p, "unknown key (expected enabled or severity)");
          }
        }
        rules.put(id, new RuleSettings(enabled, severity));
      }
    }

    private static Map<String, YamlTree.Node> map(YamlTree.Node n, String path, String src) {
      Map<String, YamlTree.Node> m = n.map();
      if (m == null) {
        throw err(src, n, path, "must be a mapping");
      }
      return m;
    }

    private static List<YamlTree.Node> list(YamlTree.Node n, String path, String src) {
      if (n.value() == null) {
        return List.of();
      }
      List<YamlTree.Node> l = n.list();
      if (l == null) {
        throw err(src, n, path, "must be a list");
      }
      return l;
    }

    private static String string(YamlTree.Node n, String path, String src) {
      String s = n.scalar();
      if (s == null || s.isBlank()) {
        throw err(src, n, path, "must be a non-empty text value");
      }
      return s.trim();
    }

    private static List<String> strings(YamlTree.Node n, String path, String src) {
      List<YamlTree.Node> l = list(n, path, src);
      List<String> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(string(l.get(i), path + "[" + i + "]", src));
      }
      return out;
    }

    private static List<String> lower(List<String> l) {
      return l.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> cidrs(YamlTree.Node n, String path, String src) {
      List<YamlTree.Node> l = list(n, path, src);
      List<String> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        String p = path + "[" + i + "]";
        String s = string(l.get(i), p, src);
        checkCidr(s, p, src, l.get(i).line());
        out.add(s);
      }
      return out;
    }

    private static void checkCidr(String s, String path, String src, int line) {
      try {
        new IPAddressString(s).validate();
        if (new IPAddressString(s).getAddress() == null) {
          throw new AddressStringException(s);
        }
      } catch (AddressStringException e) {
        throw new DetectException(src + ": line " + line + ": " + path + ": \"" + s + "\" is not a CIDR");
      }
    }

    private static Set<Long> asns(YamlTree.Node n, String path, String src) {
      List<YamlTree.Node> l = list(n, path, src);
      Set<Long> out = new LinkedHashSet<>();
      for (int i = 0; i < l.size(); i++) {
        String p = path + "[" + i + "]";
        String s = string(l.get(i), p, src);
        String digits = s.regionMatches(true, 0, "AS", 0, 2) ? s.substring(2) : s;
        try {
          long v = Long.parseLong(digits.trim());
          if (v <= 0 || v > 4294967295L) {
            throw new NumberFormatException();
          }
          out.add(v);
        } catch (NumberFormatException e) {
          throw err(src, l.get(i), p, "\"" + s + "\" is not an AS number");
        }
      }
      return out;
    }

    private static boolean bool(YamlTree.Node n, String path, String src) {
      String s = string(n, path, src);
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
      throw err(src, n, path, "\"" + s + "\" is not true or false");
    }

    private static double positive(YamlTree.Node n, String path, String src) {
      String s = string(n, path, src);
      try {
        double v = Double.parseDouble(s);
        if (v >= 0 && Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw err(src, n, path, "\"" + s + "\" is not a non-negative number");
    }

    private static Severity severity(YamlTree.Node n, String path, String src) {
      String s = string(n, path, src);
      try {
        return Severity.of(s);
      } catch (IllegalArgumentException e) {
        throw err(src, n, path, "\"" + s + "\" is not one of low, medium, high, critical");
      }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private static Duration duration(YamlTree.Node n, String path, String src) {
      String s = string(n, path, src);
      Matcher m = SHORT_DURATION.matcher(s.toLowerCase(Locale.ROOT));
      Duration d = null;
      if (m.matches()) {
        long v = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(v);
          case "s" -> Duration.ofSeconds(v);
          case "m" -> Duration.ofMinutes(v);
          case "h" -> Duration.ofHours(v);
          default -> Duration.ofDays(v);
        };
      } else {
        try {
          d = Duration.parse(s);
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      if (d == null || d.isNegative()) {
        throw err(src, n, path, "\"" + s + "\" is not a duration (like 90s, 30m, 12h, 30d or PT12H)");
      }
      return d;
    }

    private static DetectException err(String src, YamlTree.Node n, String path, String problem) {
      return new DetectException(src + ": line " + n.line() + ": " + path + ": " + problem);
    }
  }
}
