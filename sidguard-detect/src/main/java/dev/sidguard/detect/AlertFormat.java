package dev.sidguard.detect;

/** Output shape of alerts: sidguard's own JSON lines, or OCSF 1.3 Detection Findings (class 2004). */
public enum AlertFormat {
  JSONL,
  OCSF
}
