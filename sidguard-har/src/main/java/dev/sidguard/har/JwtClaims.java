package dev.sidguard.har;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/*
 * The few claims of a JWT that say whose it is and how long it lives: exp, nbf (seconds since the epoch),
 * email, preferred_username, sub and iss. The payload is base64url-decoded and parsed; the signature is not
 * checked (a scanner judges what a thief could do with the token, and a forged token is no credential
 * anyway). Anything that does not decode is "no claims".
 */
record JwtClaims(@Nullable Instant exp, @Nullable Instant nbf, @Nullable String user, @Nullable String issuerHost) {

  static final JwtClaims NONE = new JwtClaims(null, null, null, null);

  /** Whether text[start, end) has the shape header.payload.signature with a JSON header. */
  static boolean looksLikeJwt(String text, int start, int end) {
    if (end - start < 20 || !text.startsWith("eyJ", start)) {
      return false;
    }
    int dot1 = text.indexOf('.', start);
    return dot1 > 0 && dot1 < end && text.indexOf('.', dot1 + 1) > dot1 && text.indexOf('.', dot1 + 1) < end;
  }

  /** The claims of the JWT in text[start, end), or NONE. */
  static JwtClaims of(String text, int start, int end) {
    if (!looksLikeJwt(text, start, end)) {
      return NONE;
    }
    int dot1 = text.indexOf('.', start);
    int dot2 = text.indexOf('.', dot1 + 1);
    JsonNode claims;
    try {
      byte[] json = Base64.getUrlDecoder().decode(stripPadding(text.substring(dot1 + 1, dot2)));
      claims = HarJson.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | IOException e) {
      return NONE;
    }
    if (claims == null || !claims.isObject()) {
      return NONE;
    }
    String user = text(claims, "email");
    if (user == null) {
      user = text(claims, "preferred_username");
    }
    if (user == null) {
      user = text(claims, "sub");
    }
    String iss = text(claims, "iss");
    return new JwtClaims(seconds(claims.get("exp")), seconds(claims.get("nbf")), user,
        iss == null ? null : EntryFacts.hostOf(iss));
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() && v.textValue().length() <= 256
        ? v.textValue() : null;
  }

  private static @Nullable Instant seconds(@Nullable JsonNode v) {
    if (v == null || !v.isNumber()) {
      return null;
    }
    double s = v.asDouble();
    if (!(s > 0 && s < 1e11)) {
      return null;
    }
    return Instant.ofEpochMilli((long) (s * 1000));
  }
}
