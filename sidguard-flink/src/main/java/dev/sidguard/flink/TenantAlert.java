package dev.sidguard.flink;

/** One alert the job emits: its tenant, its id, and the alert as one line of JSON (the detect alert schema). */
public record TenantAlert(String tenant, String id, String json) {}
