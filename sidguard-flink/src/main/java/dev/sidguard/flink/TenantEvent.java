package dev.sidguard.flink;

/**
 * One Okta System Log event as the job reads it: its tenant (the Kafka record key, or "" when
 * tenants come from {@code --tenant-field} or there is one) and its JSON text.
 */
public record TenantEvent(String tenant, String json) {}
