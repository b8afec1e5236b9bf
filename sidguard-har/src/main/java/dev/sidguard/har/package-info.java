/**
 * Streaming HAR sanitizing and credential detection.
 *
 * <p>{@link dev.sidguard.har.HarSanitizer} reads a HAR with Jackson's streaming parser and writes a
 * sanitized copy; memory is bounded by the largest single entry. {@link dev.sidguard.har.Policy} says what a
 * secret is; {@link dev.sidguard.har.SanitizeReport} counts what was replaced; every bad input is a
 * {@link dev.sidguard.har.HarException} naming the source, line, column and HAR path.
 * {@link dev.sidguard.har.HarScanner} runs the same detectors without writing and reports each secret as a
 * {@link dev.sidguard.har.Finding} (location, kind, keyed fingerprint, liveness, Okta identity) in a
 * {@link dev.sidguard.har.ScanResult}, plus the {@link dev.sidguard.har.Exposure}s for a watchlist: sanitize
 * replaces exactly what scan reports.
 *
 * <h2>Marker format</h2>
 * A replaced value becomes {@code REDACTED-<kind>-<fp>}:
 * <ul>
 *   <li>{@code kind}: what the value was, lowercase letters, digits and hyphens: {@code cookie},
 *       {@code bearer-token}, {@code basic-credentials}, {@code api-token}, {@code authorization},
 *       {@code jwt-signature} (default policy: a JWT keeps header and claims), {@code jwt} (whole token:
 *       strict policy, JWE, base64-wrapped JWT), {@code password}, {@code token}, {@code secret},
 *       {@code api-key}, {@code signature}, {@code oauth-code}, {@code saml}, {@code client-data},
 *       {@code device-token}, {@code private-key}, {@code aws-access-key}, {@code github-token},
 *       {@code slack-token}, {@code slack-webhook}, {@code gcp-api-key}, {@code stripe-key},
 *       {@code openai-key}, {@code anthropic-key}, {@code okta-api-token}, {@code email},
 *       {@code identifier}, {@code header-value}, or a kind named in a policy file;</li>
 *   <li>{@code fp}: the first 12 lowercase hex characters of HMAC-SHA256 over the value's UTF-8 bytes, keyed
 *       with 32 bytes from {@link java.security.SecureRandom} drawn afresh for every sanitize call.</li>
 * </ul>
 * The same value gets the same marker within one call (a session cookie can be followed across requests);
 * two calls cannot be linked, and without the discarded key nothing can be recovered or brute-forced.
 * Markers contain only {@code [A-Za-z0-9-]}, so they are valid in cookies, URLs, JSON strings and base64url
 * (a JWT whose signature is a marker still has three dot-separated parts). A value that already is a
 * marker is never replaced again, so sanitizing a sanitized HAR changes no marker.
 *
 * <h2>Policies</h2>
 * {@code default} replaces: all cookie values (cookies arrays, Cookie and Set-Cookie headers; Set-Cookie
 * attributes and all names stay); Authorization and Proxy-Authorization credentials (the scheme word
 * stays); credential headers by name; values of sensitive names wherever a name meets a value (query and
 * fragment parameters in any URL or text, queryString, form and multipart fields, postData params, JSON keys
 * at any depth, {"name","value"} pairs, HTML hidden inputs and meta tags, script assignments); JWT
 * signatures anywhere; token shapes anywhere (AWS, GitHub, Slack, GCP, Stripe, OpenAI, Anthropic, Okta API
 * tokens, PEM private keys, Basic credentials). Base64 text bodies are decoded, sanitized, re-encoded.
 * {@code strict} adds: whole JWTs, e-mail addresses, identifier names (email, username, login, client_id,
 * key, phone, …) and every header value except an allow-list of protocol headers.
 *
 * <p>A policy file extends a built-in policy:
 * <pre>
 * extends: default            # or strict
 * names:                      # whole-name rules, grouped by marker kind
 *   token: [x_acme_session]
 * nameSuffixes:               # names ending with these
 *   secret: [passphrase]
 * removeNames: [state]        # also removeNameSuffixes
 * keepNames: [nextPageToken]  # never redacted by name; also removeKeepNames
 * headers:                    # whole-value credential headers
 *   api-token: [X-Acme-Key]
 * removeHeaders: []           # also keepHeaders / removeKeepHeaders
 * patterns:                   # extra regular expressions, found in every string
 *   - {kind: acme-key, regex: 'acme_[A-Za-z0-9]{32}'}
 * removePatterns: [slack-token]   # drop a custom pattern or a built-in token shape by kind
 * jwt: signature              # or whole
 * emails: false
 * headerValues: credentials   # or all (every header value except keepHeaders)
 * </pre>
 * Names are compared after normalisation (ASCII letters lower-cased, non-alphanumerics and %XX escapes
 * dropped, trailing digits ignored), so {@code access_token}, {@code access-token} and {@code accessToken}
 * are one name. Short words such as {@code code}, {@code state} or {@code key} only ever match as whole
 * names, so {@code zipcode}, {@code country_code} or {@code tokenizer} are kept.
 */
@NullMarked
package dev.sidguard.har;

import org.jspecify.annotations.NullMarked;
