package dev.sidguard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sidguard.detect.DetectConfig;
import dev.sidguard.detect.Watchlist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The ground truth of one simulation: every planted attack, the tenant configuration, the benign
 * traps it contains, and the HAR exposure when one was simulated.
 *
 * <p>JSON ({@link #toJson()}, format {@code sidguard-sim-labels/1}): {@code seed, users, days, start,
 * end, events, sessions, scenarios, tenant{org, admin_egress_cidrs, trusted_asns, privileged_groups,
 * session_lifetime}, config_yaml, attacks[{id, scenario, description, users, sessions,
 * malicious_events, window{start, end}, expected_rules}], benign_traps[{trap, rules, count,
 * description}], exposure{har, watchlist[…watchlist lines…]}}.
 */
public record Labels(long seed, int users, int days, Instant start, Instant end, long events, long sessions,
    List<Scenario> scenarios, TenantConfig tenant, List<Attack> attacks, List<TrapCount> benignTraps,
    @Nullable Exposure exposure) {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String FORMAT = "sidguard-sim-labels/1";

  public Labels {
    scenarios = List.copyOf(scenarios);
    attacks = List.copyOf(attacks);
    benignTraps = List.copyOf(benignTraps);
  }

  /**
   * One planted attack.
   *
   * @param window first to last event that belongs to the attack (for an exposure, from the HAR's
   *     recording on: the session is compromised from then)
   */
  public record Attack(String id, Scenario scenario, List<String> users, List<String> sessions,
      List<String> maliciousEvents, Instant windowStart, Instant windowEnd, List<String> expectedRules) {
    public Attack {
      users = List.copyOf(users);
      sessions = List.copyOf(sessions);
      maliciousEvents = List.copyOf(maliciousEvents);
      expectedRules = List.copyOf(expectedRules);
    }
  }

  /** How often a benign trap occurs in the simulation. */
  public record TrapCount(Trap trap, long count) {}

  /** The simulated tenant's detection-relevant configuration. */
  public record TenantConfig(String org, List<String> adminEgressCidrs, List<Long> trustedAsns,
      List<String> privilegedGroups, String sessionLifetime) {
    public TenantConfig {
      adminEgressCidrs = List.copyOf(adminEgressCidrs);
      trustedAsns = List.copyOf(trustedAsns);
      privilegedGroups = List.copyOf(privilegedGroups);
    }

    /** A {@code detect --config} file for this tenant (over the built-in defaults). */
    public String yaml() {
      return "# sidguard detect configuration of the simulated tenant " + org + "\n"
          + "# Office NAT pools (New York, London) and the corporate VPN range.\n"
          + "admin_egress_cidrs: [" + String.join(", ", adminEgressCidrs) + "]\n"
          + "# The corporate VPN provider.\n"
          + "trusted_asns: [" + trustedAsns.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]\n"
          + "privileged_groups: [" + String.join(", ", privilegedGroups) + "]\n"
          + "session_lifetime: " + sessionLifetime + "\n";
    }

    public DetectConfig detectConfig() {
      return DetectConfig.parse(yaml(), org + " (simulated tenant)");
    }
  }

  /** The exposure watchlist of this simulation (empty when no HAR was exposed). */
  public Watchlist watchlist() {
    return exposure == null ? Watchlist.empty() : exposure.toWatchlist();
  }

  /** The labels as JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", seed);
    root.put("users", users);
    root.put("days", days);
    root.put("start", start.toString());
    root.put("end", end.toString());
    root.put("events", events);
    root.put("sessions", sessions);
    ArrayNode sc = root.putArray("scenarios");
    scenarios.forEach(s -> sc.add(s.id()));
    ObjectNode t = root.putObject("tenant");
    t.put("org", tenant.org());
    tenant.adminEgressCidrs().forEach(t.putArray("admin_egress_cidrs")::add);
    tenant.trustedAsns().forEach(t.putArray("trusted_asns")::add);
    tenant.privilegedGroups().forEach(t.putArray("privileged_groups")::add);
    t.put("session_lifetime", tenant.sessionLifetime());
    root.put("config_yaml", tenant.yaml());
    ArrayNode as = root.putArray("attacks");
    for (Attack a : attacks) {
      ObjectNode o = as.addObject();
      o.put("id", a.id());
      o.put("scenario", a.scenario().id());
      o.put("description", a.scenario().description());
      a.users().forEach(o.putArray("users")::add);
      a.sessions().forEach(o.putArray("sessions")::add);
      a.maliciousEvents().forEach(o.putArray("malicious_events")::add);
      ObjectNode w = o.putObject("window");
      w.put("start", a.windowStart().toString());
      w.put("end", a.windowEnd().toString());
      a.expectedRules().forEach(o.putArray("expected_rules")::add);
    }
    ArrayNode traps = root.putArray("benign_traps");
    for (TrapCount c : benignTraps) {
      ObjectNode o = traps.addObject();
      o.put("trap", c.trap().id());
      c.trap().rules().forEach(o.putArray("rules")::add);
      o.put("count", c.count());
      o.put("description", c.trap().description());
    }
    if (exposure != null) {
      ObjectNode e = root.putObject("exposure");
      e.put("har", exposure.harFile());
      ArrayNode wl = e.putArray("watchlist");
      exposure.watchlist().forEach(x -> wl.add(Exposure.line(x)));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Reads labels written by {@link #toJson()} (the exposure's HAR text is not part of the file and
   * reads back empty).
   *
   * @throws SimException naming the file and the bad field
   */
  public static Labels read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new SimException(file + ": no such file");
    } catch (IOException e) {
      throw new SimException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses labels JSON; {@code source} names it in messages. */
  public static Labels parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      throw new SimException(source + ": not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ")"));
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new SimException(source + ": not a sidguard labels file (format must be \"" + FORMAT + "\")");
    }
    JsonNode t = root.path("tenant");
    TenantConfig tenant = new TenantConfig(t.path("org").asText(), strings(t.path("admin_egress_cidrs")),
        longs(t.path("trusted_asns")), strings(t.path("privileged_groups")),
        t.path("session_lifetime").asText("12h"));
    List<Attack> attacks = new ArrayList<>();
    int i = 0;
    for (JsonNode a : root.path("attacks")) {
      String at = "attacks[" + i++ + "]";
      String scenario = a.path("scenario").asText();
      Scenario sc;
      try {
        sc = Scenario.byName(scenario);
      } catch (SimException e) {
        throw new SimException(source + ": " + at + ".scenario: " + e.getMessage());
      }
      attacks.add(new Attack(a.path("id").asText(), sc, strings(a.path("users")), strings(a.path("sessions")),
          strings(a.path("malicious_events")), time(a.path("window").path("start"), source, at + ".window.start"),
          time(a.path("window").path("end"), source, at + ".window.end"), strings(a.path("expected_rules"))));
    }
    List<TrapCount> traps = new ArrayList<>();
    for (JsonNode c : root.path("benign_traps")) {
      for (Trap trap : Trap.values()) {
        if (trap.id().equals(c.path("trap").asText())) {
          traps.add(new TrapCount(trap, c.path("count").asLong()));
        }
      }
    }
    Exposure exposure = null;
    JsonNode e = root.path("exposure");
    if (e.isObject()) {
      List<Watchlist.Entry> entries = new ArrayList<>();
      int k = 0;
      for (JsonNode w : e.path("watchlist")) {
        String at = "exposure.watchlist[" + k++ + "]";
        String sha = w.path("sha256").asText();
        if (!sha.matches("[0-9a-f]{64}")) {
          throw new SimException(source + ": " + at + ".sha256: not 64 lowercase hex digits");
        }
        Instant from = time(w.path("exposedFrom"), source, at + ".exposedFrom");
        entries.add(new Watchlist.Entry(sha, w.path("kind").asText("okta-session-cookie"), text(w, "name"),
            text(w, "tenant"), text(w, "user"), text(w, "har"), from,
            w.hasNonNull("exposedTo") ? time(w.path("exposedTo"), source, at + ".exposedTo") : from,
            w.hasNonNull("expiresAt") ? time(w.path("expiresAt"), source, at + ".expiresAt") : null));
      }
      exposure = new Exposure(e.path("har").asText(), "", entries);
    }
    List<Scenario> scenarios = new ArrayList<>();
    root.path("scenarios").forEach(s -> scenarios.add(Scenario.byName(s.asText())));
    return new Labels(root.path("seed").asLong(), root.path("users").asInt(), root.path("days").asInt(),
        time(root.path("start"), source, "start"), time(root.path("end"), source, "end"), root.path("events").asLong(),
        root.path("sessions").asLong(), scenarios, tenant, attacks, traps, exposure);
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static List<Long> longs(JsonNode n) {
    List<Long> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asLong()));
    return out;
  }

  private static Instant time(JsonNode n, String source, String field) {
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeParseException e) {
      throw new SimException(source + ": " + field + ": \"" + n.asText() + "\" is not an ISO-8601 time");
    }
  }
}
