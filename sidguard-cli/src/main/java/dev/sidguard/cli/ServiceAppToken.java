package dev.sidguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/*
 * OAuth 2.0 client credentials for an Okta API service app authenticating with private_key_jwt,
 * against the org authorization server (the only one that grants okta.* scopes):
 *
 *   POST {org}/oauth2/v1/token  grant_type=client_credentials, scope=okta.logs.read,
 *     client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer,
 *     client_assertion=JWT{iss=sub=client id, aud=token URL, iat, exp=iat+5 min, jti} signed
 *     with the app's private key (RS256/384/512 or ES256/384/512; kid when known).
 *
 * DPoP (RFC 9449), which Okta turns on by default for new service apps: when the token endpoint
 * answers invalid_dpop_proof, or the token comes back with token_type DPoP, every later request
 * carries a DPoP proof signed by an ephemeral P-256 key made for this run (htm, htu without
 * query, iat, jti; nonce on the token endpoint after use_dpop_nonce; ath = hash of the access
 * token on API calls) and "Authorization: DPoP <token>".
 *
 * The access token is renewed a minute before it expires (half its lifetime, if shorter) and after any
 * 401. A 429 or 5xx from the token endpoint is an IOException, retried with the API call's backoff. Neither the private
 * key nor a token ever reaches a message: token-endpoint error texts are redacted first.
 */
final class ServiceAppToken implements Credential {
  static final String SCOPE = "okta.logs.read";
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
  private static final int MAX_DPOP_ROUNDS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A private key ready to sign client assertions. */
  record SigningKey(JWSSigner signer, JWSAlgorithm algorithm, @Nullable String keyId) {}

  private final URI tokenEndpoint;
  private final String clientId;
  private final SigningKey key;
  private final HttpClient http;
  private final Sleeper clock;
  private final Duration timeout;
  private @Nullable String accessToken;
  private Instant renewAt = Instant.MIN;
  private boolean dpop;
  private @Nullable ECKey dpopKey;
  private @Nullable String dpopNonce;

  ServiceAppToken(URI origin, String clientId, SigningKey key, HttpClient http, Sleeper clock, Duration timeout) {
    this.tokenEndpoint = origin.resolve("/oauth2/v1/token");
    this.clientId = clientId;
    this.key = key;
    this.http = http;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public void authorize(HttpRequest.Builder request, String method, URI uri) throws IOException, InterruptedException {
    String token = accessToken;
    if (token == null || !clock.now().isBefore(renewAt)) {
      token = fetch();
    }
    if (dpop) {
      request.header("Authorization", "DPoP " + token);
      request.header("DPoP", proof(method, uri, null, token));
    } else {
      request.header("Authorization", "Bearer " + token);
    }
  }

  @Override
  public boolean renew() {
    boolean had = accessToken != null;
    accessToken = null;
    return had;
  }

  @Override
  public String redact(String text) {
    String t = accessToken;
    return t == null ? text : text.replace(t, "[redacted]");
  }

  private String fetch() throws IOException, InterruptedException {
    for (int round = 0; ; round++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint)
          .timeout(timeout)
          .header("Accept", "application/json")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form()));
      if (dpop) {
        request.header("DPoP", proof("POST", tokenEndpoint, dpopNonce, null));
      }
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      JsonNode body = json(response.body());
      String error = body.path("error").asText("");
      if (status == 200 && body.path("access_token").isTextual()) {
        String token = body.path("access_token").asText();
        dpop = dpop || "DPoP".equalsIgnoreCase(body.path("token_type").asText());
        Duration lifetime = Duration.ofSeconds(Math.max(1, body.path("expires_in").asLong(3600)));
        Duration margin = RENEW_BEFORE.compareTo(lifetime.dividedBy(2)) < 0 ? RENEW_BEFORE : lifetime.dividedBy(2);
        renewAt = clock.now().plus(lifetime).minus(margin);
        accessToken = token;
        return token;
      }
      if (status >= 500 || status == 429) {
        throw new IOException("the token endpoint answered HTTP " + status); // retried with backoff by the caller
      }
      if (round < MAX_DPOP_ROUNDS && error.equals("use_dpop_nonce")) {
        dpop = true;
        dpopNonce = response.headers().firstValue("DPoP-Nonce").orElse(null);
        continue;
      }
      if (round < MAX_DPOP_ROUNDS && error.equals("invalid_dpop_proof") && !dpop) {
        dpop = true;
        continue;
      }
      String description = body.path("error_description").asText("");
      description = description.length() > 200 ? description.substring(0, 200) + "…" : description;
      throw new PollException(tokenEndpoint + " refused the service app's token request (HTTP " + status
          + (error.isEmpty() ? "" : ", " + error) + (description.isEmpty() ? "" : " " + redact(description))
          + "): " + hint(error));
    }
  }

  private static String hint(String error) {
    return switch (error) {
      case "invalid_client" -> "check --client-id, that the app uses 'Public key / Private key' client"
          + " authentication, and that its registered public key (and key id) matches the private key";
      case "invalid_scope" -> "grant the " + SCOPE + " scope to the app (Okta API Scopes tab)";
      case "unauthorized_client" -> "allow the Client Credentials grant for the app";
      default -> "check the API service app's settings in the Okta admin console";
    };
  }

  private String form() {
    Instant now = clock.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(tokenEndpoint.toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    String assertion = sign(new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).build(), claims, key.signer());
    return "grant_type=client_credentials&scope=" + enc(SCOPE)
        + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        + "&client_assertion=" + enc(assertion);
  }

  private String proof(String method, URI uri, @Nullable String nonce, @Nullable String token) {
    ECKey k = dpopKey;
    if (k == null) {
      try {
        k = new ECKeyGenerator(Curve.P_256).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot generate the DPoP key: " + e.getMessage(), e);
      }
      dpopKey = k;
    }
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .jwtID(UUID.randomUUID().toString())
        .claim("htm", method)
        .claim("htu", htu(uri))
        .issueTime(Date.from(clock.now()));
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (token != null) {
      claims.claim("ath", Base64URL.encode(sha256(token)).toString());
    }
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(new JOSEObjectType("dpop+jwt"))
        .jwk(k.toPublicJWK())
        .build();
    try {
      return sign(header, claims.build(), new ECDSASigner(k));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a DPoP proof: " + e.getMessage(), e);
    }
  }

  /** The DPoP {@code htu}: the request URI without query and fragment. */
  static String htu(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new PollException("cannot sign a " + header.getAlgorithm() + " JWT with the service app key: "
          + e.getMessage());
    }
    return jwt.serialize();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.missingNode() : n;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /**
   * Reads the service app's private key from {@code text} (the value of {@code variable}): a
   * PKCS#8 PEM block or a private JWK as JSON, as the Okta admin console offers them. {@code kid}
   * overrides the JWK's own key id.
   */
  static SigningKey signingKey(String variable, String text, @Nullable String kid) {
    String t = text.strip();
    try {
      if (t.startsWith("{")) {
        JWK jwk = JWK.parse(t);
        String id = kid != null ? kid : jwk.getKeyID();
        if (!jwk.isPrivate()) {
          throw new PollException("environment variable " + variable + " holds a public JWK; the service app"
              + " needs the private key (the JWK with \"d\")");
        }
        if (jwk instanceof RSAKey rsa) {
          return new SigningKey(new RSASSASigner(rsa), JWSAlgorithm.RS256, id);
        }
        if (jwk instanceof ECKey ec) {
          return new SigningKey(new ECDSASigner(ec), ECDSA.resolveAlgorithm(ec.getCurve()), id);
        }
        throw new PollException("environment variable " + variable + " holds a " + jwk.getKeyType()
            + " JWK; Okta service apps sign with RSA or EC keys");
      }
      if (t.contains("BEGIN RSA PRIVATE KEY") || t.contains("BEGIN EC PRIVATE KEY")) {
        throw new PollException("environment variable " + variable + " holds a PKCS#1/SEC1 PEM key; convert it"
            + " to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem) or use the JWK");
      }
      if (t.startsWith("-----BEGIN PRIVATE KEY-----") && t.endsWith("-----END PRIVATE KEY-----")) {
        byte[] der = Base64.getMimeDecoder().decode(
            t.substring("-----BEGIN PRIVATE KEY-----".length(), t.length() - "-----END PRIVATE KEY-----".length()));
        PrivateKey pk = pkcs8(der);
        if (pk instanceof RSAPrivateKey rsa) {
          return new SigningKey(new RSASSASigner(rsa), JWSAlgorithm.RS256, kid);
        }
        ECPrivateKey ec = (ECPrivateKey) pk;
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null) {
          throw new PollException("environment variable " + variable + " holds an EC key on a curve JOSE cannot"
              + " sign with; use P-256, P-384 or P-521");
        }
        return new SigningKey(new ECDSASigner(ec), ECDSA.resolveAlgorithm(curve), kid);
      }
    } catch (ParseException | JOSEException | IllegalArgumentException | GeneralSecurityException e) {
      throw new PollException("environment variable " + variable + " does not hold a usable private key ("
          + e.getClass().getSimpleName() + ")");
    }
    throw new PollException("environment variable " + variable + " does not hold a private key: expected a PKCS#8"
        + " PEM block (-----BEGIN PRIVATE KEY-----) or a private JWK as JSON");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    }
  }
}
