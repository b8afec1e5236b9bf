package dev.sidguard.har;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One distinct session or token a HAR exposes, for the exposure watchlist: identified by the SHA-256 of
 * its exact value. Only high-entropy session and token values become exposures, never passwords, codes,
 * keys or other low-entropy secrets, whose plain hash could be brute-forced.
 *
 * @param sha256 lowercase hex SHA-256 of the value's UTF-8 bytes (for a whole JWT when only its signature
 *     was a finding)
 * @param kind {@code okta-session-cookie} for Okta's {@code sid}/{@code idx} cookies, else the finding kind
 * @param name cookie, header, parameter or key name, or the empty string
 * @param fingerprint the keyed fingerprint of the first finding of this value, to link it to the report
 * @param tenant Okta org host, or null
 * @param user Okta login, or null
 * @param expiresAt known expiry, or null
 * @param live liveness, as for the findings
 */
public record Exposure(String sha256, String kind, String name, String fingerprint, @Nullable String tenant,
    @Nullable String user, @Nullable Instant expiresAt, Finding.Live live) {}
