package dev.sidguard.detect;

import java.util.List;
import java.util.Map;

/*
 * The MITRE ATT&CK (Enterprise) techniques sidguard's rules cite, with their names and tactics,
 * for the OCSF `attacks` array. Only ids used by built-in rules are listed; an unknown id is
 * written with its uid alone.
 */
final class Attack {
  record Technique(String name, List<Tactic> tactics) {}

  record Tactic(String uid, String name) {}

  private static final Tactic INITIAL_ACCESS = new Tactic("TA0001", "Initial Access");
  private static final Tactic PERSISTENCE = new Tactic("TA0003", "Persistence");
  private static final Tactic PRIVILEGE_ESCALATION = new Tactic("TA0004", "Privilege Escalation");
  private static final Tactic DEFENSE_EVASION = new Tactic("TA0005", "Defense Evasion");
  private static final Tactic CREDENTIAL_ACCESS = new Tactic("TA0006", "Credential Access");
  private static final Tactic LATERAL_MOVEMENT = new Tactic("TA0008", "Lateral Movement");

  static final Map<String, Technique> TECHNIQUES = Map.of(
      "T1550.004", new Technique("Use Alternate Authentication Material: Web Session Cookie",
          List.of(DEFENSE_EVASION, LATERAL_MOVEMENT)),
      "T1539", new Technique("Steal Web Session Cookie", List.of(CREDENTIAL_ACCESS)),
      "T1528", new Technique("Steal Application Access Token", List.of(CREDENTIAL_ACCESS)),
      "T1098", new Technique("Account Manipulation", List.of(PERSISTENCE, PRIVILEGE_ESCALATION)),
      "T1098.003", new Technique("Account Manipulation: Additional Cloud Roles",
          List.of(PERSISTENCE, PRIVILEGE_ESCALATION)),
      "T1078.004", new Technique("Valid Accounts: Cloud Accounts",
          List.of(DEFENSE_EVASION, PERSISTENCE, PRIVILEGE_ESCALATION, INITIAL_ACCESS)),
      "T1484.002", new Technique("Domain or Tenant Policy Modification: Trust Modification",
          List.of(DEFENSE_EVASION, PRIVILEGE_ESCALATION)),
      "T1556.006", new Technique("Modify Authentication Process: Multi-Factor Authentication",
          List.of(CREDENTIAL_ACCESS, DEFENSE_EVASION, PERSISTENCE)));

  private Attack() {}
}
