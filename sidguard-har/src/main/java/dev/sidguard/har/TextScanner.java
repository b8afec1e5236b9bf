package dev.sidguard.har;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Finds secrets in one free-text string: a header value, a URL, a form body, an HTML page, a script, a
 * WebSocket frame, any string inside a JSON body. Three families of detector, all in one place:
 *
 *   token shapes    JWT (and base64-wrapped JWT "ZXlK…"), AWS key ids, GitHub, Slack tokens and webhook
 *                   URLs, GCP API keys, Stripe secret keys, OpenAI/Anthropic keys, Okta API tokens ("00" +
 *                   40 chars in text that mentions Okta/SSWS), PEM private keys, "Basic <base64 user:pass>",
 *                   e-mail addresses (policy), the policy's own regular expressions;
 *   assignments     name=value (URL query and fragment, form bodies, cookies in text, scripts),
 *                   name%3Dvalue (a URL encoded inside another URL), "name": "value" and name: 'value'
 *                   (JSON or script objects inside text) where the name is sensitive by NameRules;
 *   HTML            <input name="…" value="…"> (hidden form fields, SAMLResponse) and
 *                   <meta name="csrf-token" content="…">.
 *
 * Speed: every detector starts from String.indexOf of a literal anchor ("eyJ", "AKIA", "-----BEGIN", '=',
 * ':', '<', …), which the JVM vectorises, and only then looks at the few characters around the hit. No
 * regular expression runs over a whole string except the policy's own patterns. A token shape is first
 * gated on one character its anchor needs ('J' for "eyJ", '_' for "ghp_" and "sk_live_", '-' for "xoxb-",
 * "sk-" and PEM): indexOf of one char is several times faster than of a string, it stops at the first hit,
 * and it rules most shapes out of most bodies at once; the anchor search then starts from that hit. The
 * Okta-mention check only runs once a token-shaped "00…" is found. A short string (a header value, a JSON
 * leaf; up to SHORT chars) is instead read once to note which of these gate characters it holds, since
 * for a few dozen characters a dozen indexOf calls cost more than one plain loop.
 */
final class TextScanner {

  private static final Pattern ATTR =
      Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
  private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA"};
  private static final int SHORT = 256;
  private static final String TRIGGERS = "JXA_-xk/0B=%:<@";
  private static final int[] TRIGGER_BITS = new int[128];
  private static final boolean[] ENDS_UNQUOTED = asciiSet("&#\"'<>;,(){}\\", true);
  private static final boolean[] NAME_CHARS = asciiSet("_-.[]%$", false);

  private final Policy policy;
  private final NameRules.Matcher names;
  private final SecretSink sink;
  private final boolean jwtShape;
  private final boolean jwtB64Shape;
  private final boolean awsShape;
  private final boolean githubShape;
  private final boolean slackShape;
  private final boolean slackWebhookShape;
  private final boolean gcpShape;
  private final boolean stripeShape;
  private final boolean aiKeyShape;
  private final boolean pemShape;
  private final boolean oktaShape;
  private final boolean basicShape;
  private final Edits edits = new Edits();
  private int present;
  private final @Nullable KnownSecrets known;
  private boolean fieldMode;

  static {
    for (int i = 0; i < TRIGGERS.length(); i++) {
      TRIGGER_BITS[TRIGGERS.charAt(i)] = 1 << i;
    }
  }

  TextScanner(Policy policy, NameRules.Matcher names, SecretSink sink) {
    this.policy = policy;
    this.names = names;
    this.sink = sink;
    this.known = sink instanceof KnownSecrets k ? k : null;
    jwtShape = policy.shapeEnabled("jwt") && policy.shapeEnabled("jwt-signature");
    jwtB64Shape = policy.shapeEnabled("jwt");
    awsShape = policy.shapeEnabled("aws-access-key");
    githubShape = policy.shapeEnabled("github-token");
    slackShape = policy.shapeEnabled("slack-token");
    slackWebhookShape = policy.shapeEnabled("slack-webhook");
    gcpShape = policy.shapeEnabled("gcp-api-key");
    stripeShape = policy.shapeEnabled("stripe-key");
    aiKeyShape = policy.shapeEnabled("openai-key") && policy.shapeEnabled("anthropic-key");
    pemShape = policy.shapeEnabled("private-key");
    oktaShape = policy.shapeEnabled("okta-api-token");
    basicShape = policy.shapeEnabled("basic-credentials");
  }

  /** Returns s with every secret replaced through the sink, or s itself when nothing changed. */
  String scan(String s, Loc loc) {
    Edits e = find(s);
    return e == null ? s : e.apply(s, loc, sink);
  }

  /**
   * Like scan, for a HAR field (URL, header or parameter value, unknown member): additionally replaces the
   * whole value, or any parameter value in it, that was already redacted as a secret earlier in this call.
   */
  String scanField(String s, Loc loc) {
    if (known != null) {
      String kind = known.kindOf(s, 0, s.length());
      if (kind != null) {
        String rep = sink.onSecret(kind, loc, s);
        return sink.rewrites() ? rep : s;
      }
    }
    fieldMode = known != null;
    try {
      return scan(s, loc);
    } finally {
      fieldMode = false;
    }
  }

  /** All secret spans of s, or null when there are none; valid until the next call. */
  @Nullable Edits find(String s) {
    if (s.length() < 4) {
      return null;
    }
    Edits e = edits;
    e.clear();
    present = s.length() <= SHORT ? triggersIn(s) : -1;
    shapes(s, e);
    assignments(s, e);
    if (fieldMode) {
      knownPathSegments(s, e);
    }
    if (first(s, '<') >= 0) {
      htmlInputs(s, e);
    }
    for (Policy.CustomPattern p : policy.patterns) {
      Matcher m = p.regex().matcher(s);
      while (m.find()) {
        e.add(m.start(), m.end(), p.kind(), null);
      }
    }
    if (policy.emails && first(s, '@') >= 0) {
      emails(s, e);
    }
    return e.isEmpty() ? null : e;
  }

  /** The TRIGGERS characters in s, one bit each. */
  private static int triggersIn(String s) {
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        bits |= TRIGGER_BITS[c];
      }
    }
    return bits;
  }

  /**
   * A lower bound for the first index of c (one of TRIGGERS) in the string being scanned, or -1 when it
   * does not occur: the exact index for a long string, 0 for a short one that contains it.
   */
  private int first(String s, char c) {
    if (present == -1) {
      return s.indexOf(c);
    }
    return (present & TRIGGER_BITS[c]) != 0 ? 0 : -1;
  }

  // ---- token shapes ----

  private void shapes(String s, Edits e) {
    if (jwtShape && first(s, 'J') >= 0) {
      jwts(s, e);
    }
    if (jwtB64Shape && first(s, 'X') >= 0) {
      base64Jwts(s, e);
    }
    int upperA = awsShape || gcpShape ? first(s, 'A') : -1;
    int underscore = githubShape || stripeShape ? first(s, '_') : -1;
    int dash = slackShape || aiKeyShape || pemShape ? first(s, '-') : -1;
    if (awsShape && upperA >= 0) {
      for (String prefix : AWS_PREFIXES) {
        for (int i = s.indexOf(prefix, upperA); i >= 0; i = s.indexOf(prefix, i + 4)) {
          if (!isAlnumAt(s, i - 1) && runOf(s, i + 4, TextScanner::isUpperOrDigit) == i + 20
              && !isAlnumAt(s, i + 20)) {
            e.add(i, i + 20, "aws-access-key", null);
          }
        }
      }
    }
    if (githubShape && underscore >= 0) {
      for (int i = s.indexOf("gh", underscore - 3); i >= 0; i = s.indexOf("gh", i + 2)) {
        if (i + 4 < s.length() && "pousr".indexOf(s.charAt(i + 2)) >= 0 && s.charAt(i + 3) == '_'
            && !isWordAt(s, i - 1)) {
          int end = runOf(s, i + 4, TextScanner::isAlnum);
          if (end - i - 4 >= 36) {
            e.add(i, end, "github-token", null);
          }
        }
      }
      for (int i = s.indexOf("github_pat_", underscore - 6); i >= 0; i = s.indexOf("github_pat_", i + 11)) {
        int end = runOf(s, i + 11, TextScanner::isWord);
        if (end - i - 11 >= 22) {
          e.add(i, end, "github-token", null);
        }
      }
    }
    if (slackShape && dash >= 0 && first(s, 'x') >= 0) {
      for (int i = s.indexOf("xox", dash - 4); i >= 0; i = s.indexOf("xox", i + 3)) {
        if (i + 5 < s.length() && "baprse".indexOf(s.charAt(i + 3)) >= 0 && s.charAt(i + 4) == '-'
            && !isAlnumAt(s, i - 1)) {
          int end = runOf(s, i + 5, c -> isAlnum(c) || c == '-');
          if (end - i - 5 >= 10) {
            e.add(i, end, "slack-token", null);
          }
        }
      }
    }
    if (slackWebhookShape && first(s, 'k') >= 0 && first(s, '/') >= 0) {
      String anchor = "hooks.slack.com/";
      for (int i = s.indexOf(anchor); i >= 0; i = s.indexOf(anchor, i + anchor.length())) {
        int from = i + anchor.length();
        int end = runOf(s, from, c -> isWord(c) || c == '/' || c == '-' || c == '+');
        if (end - from >= 10) {
          e.add(from, end, "slack-webhook", null);
        }
      }
    }
    if (gcpShape && upperA >= 0) {
      for (int i = s.indexOf("AIza", upperA); i >= 0; i = s.indexOf("AIza", i + 4)) {
        if (!isB64UrlAt(s, i - 1) && runOf(s, i + 4, TextScanner::isB64Url) - i - 4 >= 35) {
          e.add(i, i + 39, "gcp-api-key", null);
        }
      }
    }
    if (stripeShape && underscore >= 0) {
      stripe(s, e, "k_live_", underscore - 1);
      stripe(s, e, "k_test_", underscore - 1);
    }
    if (aiKeyShape && dash >= 0) {
      for (int i = s.indexOf("sk-", dash - 2); i >= 0; i = s.indexOf("sk-", i + 3)) {
        if (!isB64UrlAt(s, i - 1)) {
          int end = runOf(s, i + 3, TextScanner::isB64Url);
          if (end - i - 3 >= 32 && hasDigitAndLetter(s, i + 3, end)) {
            e.add(i, end, s.startsWith("sk-ant-", i) ? "anthropic-key" : "openai-key", null);
          }
        }
      }
    }
    if (pemShape && dash >= 0) {
      pem(s, e, dash);
    }
    if (oktaShape && first(s, '0') >= 0) {
      oktaTokens(s, e);
    }
    if (basicShape && first(s, 'B') >= 0) {
      for (int i = s.indexOf("Basic "); i >= 0; i = s.indexOf("Basic ", i + 6)) {
        int from = i + 6;
        while (from < s.length() && s.charAt(from) == ' ') {
          from++;
        }
        int end = runOf(s, from, c -> isAlnum(c) || c == '+' || c == '/' || c == '=');
        if (end - from >= 8 && !isB64UrlAt(s, end) && isBasicCredential(s.substring(from, end))) {
          e.add(from, end, "basic-credentials", null);
        }
      }
    }
  }

  /** Okta API tokens: "00" and 40 more base64url characters, in a text that mentions Okta or SSWS. */
  private static void oktaTokens(String s, Edits e) {
    int mentions = 0;
    for (int i = s.indexOf("00"); i >= 0 && i + 42 <= s.length(); i = s.indexOf("00", i + 2)) {
      if (isB64UrlAt(s, i - 1)) {
        continue;
      }
      int end = runOf(s, i, TextScanner::isB64Url);
      if (end == i + 42) {
        if (mentions == 0) {
          mentions = mentionsOkta(s) ? 1 : -1;
        }
        if (mentions < 0) {
          return;
        }
        e.add(i, i + 42, "okta-api-token", null);
      }
      // A "00" inside the rest of this run follows a base64url character, so it cannot start a token.
      i = Math.max(i, end - 2);
    }
  }

  private void jwts(String s, Edits e) {
    int n = s.length();
    int i = s.indexOf("eyJ");
    while (i >= 0) {
      int next = i + 3;
      if (!isB64UrlAt(s, i - 1)) {
        int j1 = runOf(s, i, TextScanner::isB64Url);
        if (j1 - i >= 10 && j1 < n && s.charAt(j1) == '.') {
          int j2 = runOf(s, j1 + 1, TextScanner::isB64Url);
          if (j2 - j1 > 2 && j2 < n && s.charAt(j2) == '.') {
            int j3 = runOf(s, j2 + 1, TextScanner::isB64Url);
            if (j3 < n - 1 && s.charAt(j3) == '.' && isB64UrlAt(s, j3 + 1)) {
              int j4 = runOf(s, j3 + 1, TextScanner::isB64Url);
              if (j4 < n && s.charAt(j4) == '.') {
                int j5 = runOf(s, j4 + 1, TextScanner::isB64Url);
                e.add(i, j5, "jwt", null);
                next = j5;
              }
            } else if (j3 > j2 + 1) {
              if (policy.jwtWhole) {
                e.add(i, j3, "jwt", null);
              } else {
                e.addInToken(j2 + 1, j3, "jwt-signature", i);
              }
              next = j3;
            }
          }
        }
      }
      i = s.indexOf("eyJ", next);
    }
  }

  private static void base64Jwts(String s, Edits e) {
    for (int i = s.indexOf("ZXlK"); i >= 0; i = s.indexOf("ZXlK", i + 4)) {
      if (isB64At(s, i - 1)) {
        continue;
      }
      int end = runOf(s, i, c -> isB64Url(c) || c == '+' || c == '/' || c == '=');
      if (end - i >= 40 && decodesToJwt(s, i, end)) {
        e.add(i, end, "jwt", null);
        i = end - 4;
      }
    }
  }

  private static boolean decodesToJwt(String s, int start, int end) {
    int len = Math.min(end - start, 4096) & ~3;
    String chunk = s.substring(start, start + len).replace('-', '+').replace('_', '/');
    int eq = chunk.indexOf('=');
    if (eq >= 0) {
      chunk = chunk.substring(0, eq);
      chunk = chunk.substring(0, chunk.length() & ~3);
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(chunk), StandardCharsets.ISO_8859_1);
      return decoded.startsWith("eyJ") && decoded.indexOf('.') > 0;
    } catch (IllegalArgumentException ex) {
      return false;
    }
  }

  private static void stripe(String s, Edits e, String anchor, int from) {
    for (int i = s.indexOf(anchor, from); i >= 0; i = s.indexOf(anchor, i + anchor.length())) {
      if (i > 0 && (s.charAt(i - 1) == 's' || s.charAt(i - 1) == 'r') && !isWordAt(s, i - 2)) {
        int end = runOf(s, i + anchor.length(), TextScanner::isAlnum);
        if (end - i - anchor.length() >= 16) {
          e.add(i - 1, end, "stripe-key", null);
        }
      }
    }
  }

  private static void pem(String s, Edits e, int from) {
    for (int i = s.indexOf("-----BEGIN ", from); i >= 0; i = s.indexOf("-----BEGIN ", i + 11)) {
      int headEnd = s.indexOf("-----", i + 11);
      if (headEnd < 0) {
        return;
      }
      if (s.lastIndexOf("PRIVATE KEY", headEnd) < i) {
        continue;
      }
      int endMark = s.indexOf("-----END ", headEnd + 5);
      int end;
      if (endMark < 0) {
        end = s.length();
      } else {
        int close = s.indexOf("-----", endMark + 9);
        end = close < 0 ? s.length() : close + 5;
      }
      e.add(i, end, "private-key", null);
      i = end - 11;
    }
  }

  private static boolean mentionsOkta(String s) {
    return s.contains("okta") || s.contains("Okta") || s.contains("OKTA") || s.contains("SSWS")
        || s.contains("ssws");
  }

  private static boolean isBasicCredential(String b64) {
    try {
      byte[] raw = Base64.getDecoder().decode(b64);
      boolean colon = false;
      for (byte b : raw) {
        if (b == ':') {
          colon = true;
        } else if ((b & 0xff) < 0x20 || b == 0x7f) {
          return false;
        }
      }
      return colon;
    } catch (IllegalArgumentException ex) {
      return false;
    }
  }

  private static void emails(String s, Edits e) {
    int n = s.length();
    for (int at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && isEmailLocal(s.charAt(start - 1))) {
        start--;
      }
      int end = at + 1;
      int lastDot = -1;
      while (end < n && (isAlnum(s.charAt(end)) || s.charAt(end) == '-' || s.charAt(end) == '.')) {
        if (s.charAt(end) == '.') {
          lastDot = end;
        }
        end++;
      }
      while (end > at + 1 && s.charAt(end - 1) == '.') {
        end--;
      }
      if (start < at && lastDot > at + 1 && lastDot < end - 2) {
        boolean tld = true;
        for (int i = lastDot + 1; i < end; i++) {
          tld &= Character.isLetter(s.charAt(i));
        }
        if (tld) {
          e.add(start, end, "email", null);
        }
      }
    }
  }

  /** URL path segments (and other '/'-separated parts) equal to a secret seen earlier in this call. */
  private void knownPathSegments(String s, Edits e) {
    if (known == null || first(s, '/') < 0) {
      return;
    }
    int end = s.length();
    int q = s.indexOf('?');
    if (q >= 0) {
      end = q;
    }
    int h = s.indexOf('#');
    if (h >= 0 && h < end) {
      end = h;
    }
    for (int i = s.indexOf('/'); i >= 0 && i < end; ) {
      int next = s.indexOf('/', i + 1);
      int segEnd = next < 0 || next > end ? end : next;
      String kind = known.kindOf(s, i + 1, segEnd);
      if (kind != null) {
        e.add(i + 1, segEnd, kind, null);
      }
      i = next;
    }
  }

  // ---- assignments ----

  private void assignments(String s, Edits e) {
    for (int p = s.indexOf('=', first(s, '=')); p >= 0; p = s.indexOf('=', p + 1)) {
      assignment(s, p, 1, e);
    }
    if (first(s, '%') >= 0) {
      for (int p = s.indexOf("%3D"); p >= 0; p = s.indexOf("%3D", p + 3)) {
        assignment(s, p, 3, e);
      }
      for (int p = s.indexOf("%3d"); p >= 0; p = s.indexOf("%3d", p + 3)) {
        assignment(s, p, 3, e);
      }
    }
    for (int p = s.indexOf(':', first(s, ':')); p >= 0; p = s.indexOf(':', p + 1)) {
      colonAssignment(s, p, e);
    }
  }

  private void assignment(String s, int p, int width, Edits e) {
    int n = s.length();
    if (width == 1) {
      if (p + 1 < n && (s.charAt(p + 1) == '=' || s.charAt(p + 1) == '>')) {
        return;
      }
      if (p > 0 && "=!<>".indexOf(s.charAt(p - 1)) >= 0) {
        return;
      }
    }
    int ne = p;
    while (ne > 0 && s.charAt(ne - 1) == ' ') {
      ne--;
    }
    int ns = nameStart(s, ne);
    if (ns == ne) {
      return;
    }
    String kind = names.kindOf(s, ns, ne);
    if (kind == null && known == null) {
      return;
    }
    boolean weak = names.isWeak();
    int v = p + width;
    while (v < n && s.charAt(v) == ' ') {
      v++;
    }
    if (v >= n) {
      return;
    }
    char c = s.charAt(v);
    int vs;
    int ve;
    if (c == '"' || c == '\'') {
      vs = v + 1;
      ve = closingQuote(s, c, vs);
      if (ve < 0) {
        return;
      }
    } else if (c == '\\' && v + 1 < n && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\'')) {
      vs = v + 2;
      ve = s.indexOf("\\" + s.charAt(v + 1), vs);
      if (ve < 0) {
        return;
      }
    } else {
      vs = v;
      ve = unquotedEnd(s, v);
    }
    if (kind == null && known != null) {
      kind = known.kindOf(s, vs, ve);
      weak = false;
    }
    if (kind != null && ve > vs && !isLiteral(s, vs, ve)
        && !(weak && !NameRules.looksRandom(s.subSequence(vs, ve)))) {
      e.add(vs, ve, kind, locName(s, ns, ne));
    }
  }

  private void colonAssignment(String s, int p, Edits e) {
    int n = s.length();
    int v = p + 1;
    while (v < n && s.charAt(v) == ' ') {
      v++;
    }
    boolean escaped = false;
    if (v + 1 < n && s.charAt(v) == '\\') {
      escaped = true;
      v++;
    }
    if (v >= n) {
      return;
    }
    char q = s.charAt(v);
    if (q != '"' && q != '\'') {
      return;
    }
    int k = p;
    while (k > 0 && s.charAt(k - 1) == ' ') {
      k--;
    }
    if (k > 0 && (s.charAt(k - 1) == '"' || s.charAt(k - 1) == '\'')) {
      k--;
      if (k > 0 && s.charAt(k - 1) == '\\') {
        k--;
      }
    }
    int ns = nameStart(s, k);
    if (ns == k) {
      return;
    }
    String kind = names.kindOf(s, ns, k);
    if (kind == null) {
      return;
    }
    boolean weak = names.isWeak();
    int vs = v + 1;
    int ve = escaped ? s.indexOf("\\" + q, vs) : closingQuote(s, q, vs);
    if (ve > vs && !isLiteral(s, vs, ve) && !(weak && !NameRules.looksRandom(s.subSequence(vs, ve)))) {
      e.add(vs, ve, kind, locName(s, ns, k));
    }
  }

  /** Start of the parameter name ending at end: name characters, cut after an encoded delimiter. */
  private static int nameStart(String s, int end) {
    int start = end;
    while (start > 0 && isNameChar(s.charAt(start - 1))) {
      start--;
    }
    for (int j = end - 3; j >= start; j--) {
      if (s.charAt(j) == '%' && NameRules.isHex(s.charAt(j + 1)) && NameRules.isHex(s.charAt(j + 2))) {
        char hi = Character.toUpperCase(s.charAt(j + 1));
        char lo = Character.toUpperCase(s.charAt(j + 2));
        boolean partOfName = hi == '5' && (lo == 'B' || lo == 'D' || lo == 'F') || hi == '2' && (lo == 'D' || lo == 'E');
        if (!partOfName) {
          return j + 3;
        }
      }
    }
    return start;
  }

  private static int unquotedEnd(String s, int from) {
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 128 && ENDS_UNQUOTED[c]) {
        break;
      }
      if (c == '%' && i + 2 < n && s.charAt(i + 1) == '2'
          && (s.charAt(i + 2) == '6' || s.charAt(i + 2) == '3' || s.charAt(i + 2) == '2')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static int closingQuote(String s, char q, int from) {
    for (int i = s.indexOf(q, from); i >= 0; i = s.indexOf(q, i + 1)) {
      if (s.charAt(i - 1) != '\\') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLiteral(String s, int start, int end) {
    int len = end - start;
    return len == 4 && (s.startsWith("null", start) || s.startsWith("true", start))
        || len == 5 && s.startsWith("false", start)
        || len == 9 && s.startsWith("undefined", start);
  }

  private static String locName(String s, int start, int end) {
    return "[" + (end - start > 64 ? s.substring(end - 64, end) : s.substring(start, end)) + "]";
  }

  // ---- HTML ----

  private void htmlInputs(String s, Edits e) {
    for (int i = s.indexOf('<'); i >= 0 && i + 6 < s.length(); i = s.indexOf('<', i + 1)) {
      boolean input = s.regionMatches(true, i + 1, "input", 0, 5) && isSpace(s.charAt(i + 6));
      boolean meta = !input && s.regionMatches(true, i + 1, "meta", 0, 4) && isSpace(s.charAt(i + 5));
      if (!input && !meta) {
        continue;
      }
      int end = s.indexOf('>', i);
      if (end < 0) {
        return;
      }
      Matcher m = ATTR.matcher(s).region(i, end);
      String fieldName = null;
      int vs = -1;
      int ve = -1;
      while (m.find()) {
        String attr = m.group(1).toLowerCase(java.util.Locale.ROOT);
        int g = m.start(2) >= 0 ? 2 : m.start(3) >= 0 ? 3 : 4;
        if (attr.equals("name") || attr.equals("property") || (attr.equals("id") && fieldName == null)) {
          fieldName = m.group(g);
        } else if (attr.equals(input ? "value" : "content")) {
          vs = m.start(g);
          ve = m.end(g);
        }
      }
      if (fieldName != null && vs >= 0) {
        String kind = names.kindFor(fieldName, s.subSequence(vs, ve));
        if (kind != null) {
          e.add(vs, ve, kind, "[" + (fieldName.length() > 64 ? fieldName.substring(0, 64) : fieldName) + "]");
        }
      }
      i = end;
    }
  }

  // ---- character classes ----

  private interface CharClass {
    boolean test(char c);
  }

  private static int runOf(String s, int from, CharClass cls) {
    int i = from;
    int n = s.length();
    while (i < n && cls.test(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isAlnum(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean isUpperOrDigit(char c) {
    return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean isWord(char c) {
    return isAlnum(c) || c == '_';
  }

  static boolean isB64Url(char c) {
    return isAlnum(c) || c == '-' || c == '_';
  }

  private static boolean isNameChar(char c) {
    return c < 128 && NAME_CHARS[c];
  }

  /** A table of the ASCII characters in chars, plus the alphanumerics or the controls and space. */
  private static boolean[] asciiSet(String chars, boolean controlsAndSpace) {
    boolean[] set = new boolean[128];
    for (int c = 0; c < 128; c++) {
      set[c] = controlsAndSpace ? c <= ' ' : isAlnum((char) c);
    }
    for (int i = 0; i < chars.length(); i++) {
      set[chars.charAt(i)] = true;
    }
    return set;
  }

  private static boolean isEmailLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isAlnumAt(String s, int i) {
    return i >= 0 && i < s.length() && isAlnum(s.charAt(i));
  }

  private static boolean isWordAt(String s, int i) {
    return i >= 0 && i < s.length() && isWord(s.charAt(i));
  }

  private static boolean isB64UrlAt(String s, int i) {
    return i >= 0 && i < s.length() && isB64Url(s.charAt(i));
  }

  private static boolean isB64At(String s, int i) {
    return i >= 0 && i < s.length() && (isAlnum(s.charAt(i)) || s.charAt(i) == '+' || s.charAt(i) == '/');
  }

  private static boolean hasDigitAndLetter(String s, int from, int to) {
    boolean digit = false;
    boolean letter = false;
    for (int i = from; i < to && !(digit && letter); i++) {
      char c = s.charAt(i);
      digit |= c >= '0' && c <= '9';
      letter |= c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
    return digit && letter;
  }
}
