package dev.sidguard.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/*
 * A fake Okta org authorization server for one API service app, mounted on FakeOkta: the
 * /oauth2/v1/token client-credentials grant with private_key_jwt client authentication, and
 * optionally DPoP as Okta enforces it (invalid_dpop_proof without a proof, use_dpop_nonce with
 * a DPoP-Nonce header until the proof carries it, tokens bound to the proof key's thumbprint
 * and, on API calls, proofs with ath). Every check a real server makes on the client assertion
 * is made here: signature by the registered public key, iss = sub = client id, aud = token URL,
 * unexpired, jti never reused, scope okta.logs.read.
 */
final class FakeServiceApp {
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** A token the server issued: when it expires and the DPoP key thumbprint it is bound to. */
  private record Issued(long expiresAtMillis, String jkt) {}

  private final String clientId;
  private final JWK publicKey;
  private final boolean requireDpop;
  private final long lifetimeSeconds;
  private final String nonce = "nonce-" + UUID.randomUUID();
  private final Map<String, Issued> issued = new HashMap<>();
  private final Set<String> usedJti = new HashSet<>();
  final List<String> tokenOutcomes = Collections.synchronizedList(new ArrayList<>());
  volatile int revokeAfterApiCalls = Integer.MAX_VALUE;
  /** The next this many token requests are refused with 429, as Okta's rate limit does. */
  volatile int rateLimitedTokenRequests;
  private int apiCalls;

  FakeServiceApp(String clientId, JWK publicKey, boolean requireDpop, long lifetimeSeconds) {
    this.clientId = clientId;
    this.publicKey = publicKey;
    this.requireDpop = requireDpop;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  synchronized List<String> issuedTokens() {
    return List.copyOf(issued.keySet());
  }

  synchronized void token(HttpExchange x, String origin, long now) throws IOException {
    String endpoint = origin + "/oauth2/v1/token";
    if (rateLimitedTokenRequests > 0) {
      rateLimitedTokenRequests--;
      x.getResponseHeaders().add("X-Rate-Limit-Reset", String.valueOf(now / 1000 + 30));
      reply(x, 429, "too_many_requests", "API call exceeded rate limit due to too many requests.");
      return;
    }
    Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String jkt = "";
    try {
      if (!"POST".equals(x.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))) {
        reply(x, 400, "unsupported_grant_type", "");
        return;
      }
      if (!ASSERTION_TYPE.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
        reply(x, 401, "invalid_client", "client authentication required");
        return;
      }
      SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
      JWTClaimsSet c = assertion.getJWTClaimsSet();
      boolean valid = assertion.verify(verifier(publicKey))
          && clientId.equals(c.getIssuer()) && clientId.equals(c.getSubject())
          && c.getAudience().equals(List.of(endpoint))
          && c.getExpirationTime() != null && c.getExpirationTime().getTime() > now
          && c.getJWTID() != null && usedJti.add(c.getJWTID());
      if (!valid) {
        reply(x, 401, "invalid_client", "The client_assertion token is invalid.");
        return;
      }
      if (!String.valueOf(form.get("scope")).contains(ServiceAppToken.SCOPE)) {
        reply(x, 400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
        return;
      }
      if (requireDpop) {
        String proof = x.getRequestHeaders().getFirst("DPoP");
        if (proof == null) {
          reply(x, 400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
          return;
        }
        SignedJWT p = SignedJWT.parse(proof);
        if (!nonce.equals(p.getJWTClaimsSet().getStringClaim("nonce"))) {
          x.getResponseHeaders().add("DPoP-Nonce", nonce);
          reply(x, 400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
          return;
        }
        jkt = proofKey(p, "POST", endpoint, null);
        if (jkt == null) {
          reply(x, 400, "invalid_dpop_proof", "The DPoP proof is invalid.");
          return;
        }
      }
    } catch (ParseException | JOSEException e) {
      reply(x, 400, "invalid_request", "unparseable JWT");
      return;
    }
    String token = "fake-access-" + UUID.randomUUID();
    issued.put(token, new Issued(now + lifetimeSeconds * 1000, jkt));
    tokenOutcomes.add("issued");
    byte[] b = ("{\"token_type\":\"" + (requireDpop ? "DPoP" : "Bearer") + "\",\"expires_in\":" + lifetimeSeconds
        + ",\"access_token\":\"" + token + "\",\"scope\":\"" + ServiceAppToken.SCOPE + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    send(x, 200, b);
  }

  /** Whether an API call carries a live token this server issued (with a valid DPoP proof when bound). */
  synchronized boolean accepts(HttpExchange x, String origin, long now) {
    if (++apiCalls > revokeAfterApiCalls) {
      issued.clear();
      revokeAfterApiCalls = Integer.MAX_VALUE;
    }
    String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
    String scheme = requireDpop ? "DPoP " : "Bearer ";
    if (!auth.startsWith(scheme)) {
      return false;
    }
    String token = auth.substring(scheme.length());
    Issued t = issued.get(token);
    if (t == null || t.expiresAtMillis() <= now) {
      return false;
    }
    if (!requireDpop) {
      return true;
    }
    try {
      String proof = x.getRequestHeaders().getFirst("DPoP");
      return proof != null
          && t.jkt().equals(proofKey(SignedJWT.parse(proof), "GET", origin + x.getRequestURI().getRawPath(), token));
    } catch (ParseException | JOSEException e) {
      return false;
    }
  }

  /** The thumbprint of a valid proof's key, or null when the proof does not check out. */
  private static String proofKey(SignedJWT p, String method, String htu, String token)
      throws ParseException, JOSEException {
    JWK key = p.getHeader().getJWK();
    JWTClaimsSet c = p.getJWTClaimsSet();
    boolean ok = key != null && !key.isPrivate()
        && "dpop+jwt".equals(String.valueOf(p.getHeader().getType()))
        && p.verify(verifier(key))
        && method.equals(c.getStringClaim("htm")) && htu.equals(c.getStringClaim("htu"))
        && c.getJWTID() != null && c.getIssueTime() != null
        && (token == null || Base64URL.encode(ServiceAppToken.sha256(token)).toString().equals(c.getStringClaim("ath")));
    return ok ? key.computeThumbprint().toString() : null;
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException {
    return key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
  }

  private void reply(HttpExchange x, int status, String error, String description) throws IOException {
    tokenOutcomes.add(error);
    send(x, status, ("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange x, int status, byte[] body) throws IOException {
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(body);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new HashMap<>();
    for (String kv : body.split("&")) {
      int i = kv.indexOf('=');
      if (i > 0) {
        m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return m;
  }
}
