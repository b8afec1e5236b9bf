package dev.sidguard.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/*
 * privileged-change-untrusted-network: an admin role grant, or a membership add to a privileged
 * group, from outside the corporate egress.
 *
 * "Trusted" is inside admin_egress_cidrs or from a trusted (VPN) ASN. When neither list is
 * configured there is no notion of corporate egress, so only hosting/proxy sources count as
 * untrusted — alerting on every grant would teach people to ignore the rule.
 */
final class PrivilegedChangeRule implements Rule {
  static final String ID = "privileged-change-untrusted-network";
  private static final RuleInfo INFO = new RuleInfo(ID, "Privileged grant from an untrusted network",
      Severity.HIGH, List.of("T1098", "T1098.003"),
      "An administrator role was granted, or a user was added to a privileged group, from a network outside "
          + "the admin egress ranges. In the 2023 Okta support breach the attacker used replayed admin sessions "
          + "to look at and change privileged group membership. Confirm with the acting admin that they made the "
          + "change from that network; if not, revert the grant, clear the actor's sessions, and review the "
          + "actor's other admin actions since the session began.");

  private final Networks networks;
  private final EventTypes privilegeGrant;
  private final EventTypes groupAdd;
  private final Set<String> privilegedGroups;

  PrivilegedChangeRule(DetectConfig config, Networks networks) {
    this.networks = networks;
    this.privilegeGrant = new EventTypes(config.eventTypes("privilege_grant"));
    this.groupAdd = new EventTypes(config.eventTypes("group_membership_add"));
    this.privilegedGroups = Set.copyOf(config.privilegedGroups().stream().map(g -> g.toLowerCase(Locale.ROOT)).toList());
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  @Override
  public void open(StateRegistry states) {
    // stateless
  }

  @Override
  public void onEvent(OktaEvent e, RuleContext ctx) {
    boolean role = privilegeGrant.matches(e.eventType());
    List<String> groups = new ArrayList<>();
    if (!role && groupAdd.matches(e.eventType())) {
      for (OktaEvent.Target t : e.targets()) {
        if ("UserGroup".equalsIgnoreCase(t.type()) && (matches(t.displayName()) || matches(t.id())
            || matches(t.alternateId()))) {
          groups.add(t.displayName() != null ? t.displayName() : String.valueOf(t.id()));
        }
      }
    }
    if ((!role && groups.isEmpty()) || !e.succeeded() || Networks.oktaInternal(e)) {
      return;
    }
    boolean untrusted = networks.hasEgressRanges() || networks.hasTrustedAsns() ? !networks.trusted(e)
        : networks.hosting(e);
    if (!untrusted) {
      return;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("change", e.eventType());
    if (role) {
      Evidence.put(evidence, "privilege", e.debugData().get("privilegeGranted"));
    } else {
      evidence.put("groups", groups);
    }
    List<String> grantees = e.targets().stream()
        .filter(t -> "User".equalsIgnoreCase(t.type()))
        .map(t -> t.alternateId() != null ? t.alternateId() : String.valueOf(t.id()))
        .toList();
    evidence.put("grantee", grantees);
    evidence.put("source", Evidence.network(e, networks));
    evidence.put("egress_ranges_configured", networks.hasEgressRanges());
    String what = role ? "granted an admin role" + (e.debugData().get("privilegeGranted") == null ? ""
        : " (" + e.debugData().get("privilegeGranted") + ")") : "added a user to " + String.join(", ", groups);
    String summary = e.user() + " " + what + (grantees.isEmpty() ? "" : " for " + String.join(", ", grantees))
        + " from " + Evidence.where(e) + ", outside the admin egress ranges.";
    ctx.emit(Finding.of(e, ctx.severity(), summary, List.of(e.uuid()), evidence));
  }

  private boolean matches(@org.jspecify.annotations.Nullable String name) {
    return name != null && privilegedGroups.contains(name.toLowerCase(Locale.ROOT));
  }
}
