package dev.sidguard.detect;

import java.util.List;

/**
 * A rule's metadata: stable id (used in configuration and alerts), title, default severity,
 * MITRE ATT&amp;CK technique ids, and a one-paragraph runbook for the responder.
 */
public record RuleInfo(String id, String title, Severity severity, List<String> attack, String runbook) {
  public RuleInfo {
    attack = List.copyOf(attack);
  }
}
