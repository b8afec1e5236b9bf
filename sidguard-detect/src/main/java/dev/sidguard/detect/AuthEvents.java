package dev.sidguard.detect;

import org.jspecify.annotations.Nullable;

/*
 * Which events authenticate a user, and which of those prove a second factor, per the configured
 * event types. An Identity Engine user.session.start that lists a non-password
 * AuthenticatorEnrollment among its targets (e.g. Okta Verify) also proves MFA.
 *
 * Several rules ask about the same event in turn, so the answers for the last event are kept.
 */
final class AuthEvents {
  private final EventTypes authentication;
  private final EventTypes mfa;
  private @Nullable OktaEvent memo;
  private boolean memoAuthenticated;
  private boolean memoMfa;

  AuthEvents(DetectConfig c) {
    authentication = new EventTypes(c.eventTypes("authentication"));
    mfa = new EventTypes(c.eventTypes("mfa"));
  }

  /** A successful authentication (first factor or more). */
  boolean authenticated(OktaEvent e) {
    remember(e);
    return memoAuthenticated;
  }

  /** A successful second factor. */
  boolean mfa(OktaEvent e) {
    remember(e);
    return memoMfa;
  }

  private void remember(OktaEvent e) {
    if (e != memo) {
      memoAuthenticated = authentication.matches(e.eventType()) && "SUCCESS".equalsIgnoreCase(e.outcome());
      memoMfa = provesMfa(e);
      memo = e;
    }
  }

  private boolean provesMfa(OktaEvent e) {
    if (!"SUCCESS".equalsIgnoreCase(e.outcome())) {
      return false;
    }
    if (mfa.matches(e.eventType())) {
      return true;
    }
    if ("user.session.start".equals(e.eventType())) {
      for (OktaEvent.Target t : e.targets()) {
        if ("AuthenticatorEnrollment".equals(t.type()) && t.displayName() != null
            && !"Password".equalsIgnoreCase(t.displayName())) {
          return true;
        }
      }
    }
    return false;
  }
}
