package dev.sidguard.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;

/*
 * How a request to the Okta API is authorised. A fixed SSWS or Bearer token adds one header; an
 * OAuth service app (ServiceAppToken) fetches and renews access tokens and may add a DPoP proof.
 * Implementations never put the secret into an exception message: redact() is applied to any
 * text that came back from a server before it reaches a message.
 */
interface Credential {
  /** Adds the Authorization header (and DPoP proof, when the token is DPoP-bound) for {@code method uri}. */
  void authorize(HttpRequest.Builder request, String method, URI uri) throws IOException, InterruptedException;

  /** After a 401: drops a cached token; true when asking again with a fresh one is worth a retry. */
  boolean renew();

  /** {@code text} with every secret this credential holds replaced. */
  String redact(String text);

  /** An SSWS API token or an OAuth 2.0 access token sent as it is. */
  static Credential fixed(String scheme, String token) {
    String header = scheme + " " + token;
    return new Credential() {
      @Override
      public void authorize(HttpRequest.Builder request, String method, URI uri) {
        request.header("Authorization", header);
      }

      @Override
      public boolean renew() {
        return false;
      }

      @Override
      public String redact(String text) {
        return token.isEmpty() ? text : text.replace(token, "[redacted]");
      }
    };
  }
}
