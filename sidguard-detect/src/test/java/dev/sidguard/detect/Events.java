package dev.sidguard.detect;

/** Small edits of parsed events for tests. */
final class Events {
  private Events() {}

  static OktaEvent copy(OktaEvent e, String uuid, long published) {
    return new OktaEvent(uuid, published, e.eventType(), e.outcome(), e.outcomeReason(), e.actor(), e.sessionId(),
        e.rootSessionId(), e.client(), e.security(), e.debugData(), e.targets());
  }

  static OktaEvent anonymous(OktaEvent e, String uuid, long published) {
    return new OktaEvent(uuid, published, "system.org.rate_limit.warning", null, null,
        new OktaEvent.Actor(null, null, null, null), null, null, e.client(), e.security(), java.util.Map.of(),
        java.util.List.of());
  }

  static OktaEvent fromHosting(OktaEvent e, String uuid, long published) {
    OktaEvent.Client c = e.client();
    OktaEvent.Client moved = new OktaEvent.Client("167.99.36.99", c.id(), c.zone(), c.device(), c.userAgent(),
        c.browser(), c.os(), "Amsterdam", null, "Netherlands", null, 52.37, 4.90);
    return new OktaEvent(uuid, published, e.eventType(), e.outcome(), e.outcomeReason(), e.actor(), e.sessionId(),
        e.rootSessionId(), moved, new OktaEvent.Security(14061, "DigitalOcean, LLC", null, null, false), e.debugData(),
        e.targets());
  }
}
