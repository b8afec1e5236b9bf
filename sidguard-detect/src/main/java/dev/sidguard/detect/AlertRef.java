package dev.sidguard.detect;

/** A reference to an alert already raised: enough to link an escalation to it. */
public record AlertRef(String id, String rule, Severity severity, long timeMillis) {}
