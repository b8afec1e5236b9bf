package dev.sidguard.har;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HarScanner} found in one HAR: every credential occurrence, the Okta identities the HAR
 * reveals, the distinct sessions and tokens for the watchlist, and a verdict.
 *
 * @param file the source name
 * @param entries number of {@code log.entries}
 * @param firstEntry earliest {@code startedDateTime}, or null when no entry has one
 * @param lastEntry latest {@code startedDateTime}, or null
 * @param findings credential occurrences in file order
 * @param identities Okta tenants seen, with their user and whether the admin console was used
 * @param exposures distinct high-entropy sessions and tokens (watchlist material)
 */
public record ScanResult(String file, long entries, @Nullable Instant firstEntry, @Nullable Instant lastEntry,
    List<Finding> findings, List<Identity> identities, List<Exposure> exposures) {

  /** An Okta tenant the HAR talked to, the user it shows (or null) and whether the admin console was used. */
  public record Identity(String tenant, @Nullable String user, boolean admin) {}

  /**
   * Whether the file is safe to share: {@code UNSAFE} (a live credential), {@code REVIEW} (credentials of
   * unknown validity, none known live), {@code EXPIRED} (only expired credentials), {@code SAFE} (none).
   */
  public enum Verdict { UNSAFE, REVIEW, EXPIRED, SAFE }

  /** Copies the lists. */
  public ScanResult {
    findings = List.copyOf(findings);
    identities = List.copyOf(identities);
    exposures = List.copyOf(exposures);
  }

  /** The verdict, from the most alarming liveness among the findings. */
  public Verdict verdict() {
    if (findings.isEmpty()) {
      return Verdict.SAFE;
    }
    if (count(Finding.Live.TRUE) > 0) {
      return Verdict.UNSAFE;
    }
    return count(Finding.Live.UNKNOWN) > 0 ? Verdict.REVIEW : Verdict.EXPIRED;
  }

  /** Occurrences with this liveness. */
  public long count(Finding.Live live) {
    return findings.stream().filter(f -> f.live() == live).count();
  }

  /** Distinct credentials (by kind and fingerprint) with this liveness. */
  public long credentials(Finding.Live live) {
    Set<String> distinct = new HashSet<>();
    for (Finding f : findings) {
      if (f.live() == live) {
        distinct.add(f.kind() + ' ' + f.fingerprint());
      }
    }
    return distinct.size();
  }

  /** Distinct entries holding a credential with this liveness. */
  public long requests(Finding.Live live) {
    return findings.stream().filter(f -> f.live() == live).mapToLong(Finding::entry).distinct().count();
  }

  /**
   * The verdict as one sentence, e.g. {@code UNSAFE: 7 live credentials in 3 requests, admin session of
   * alice@acme.com (acme.okta.com)}.
   */
  public String summary() {
    Verdict v = verdict();
    StringBuilder sb = new StringBuilder(v.name()).append(": ");
    switch (v) {
      case SAFE -> {
        return sb.append("no credentials in ").append(plural(entries, "entry", "entries")).toString();
      }
      case UNSAFE -> sb.append(plural(credentials(Finding.Live.TRUE), "live credential", "live credentials"))
          .append(" in ").append(plural(requests(Finding.Live.TRUE), "request", "requests"));
      case REVIEW -> sb.append(plural(credentials(Finding.Live.UNKNOWN), "credential", "credentials"))
          .append(" of unknown validity in ").append(plural(requests(Finding.Live.UNKNOWN), "request", "requests"));
      case EXPIRED -> sb.append(plural(credentials(Finding.Live.FALSE), "expired credential", "expired credentials"))
          .append(" in ").append(plural(requests(Finding.Live.FALSE), "request", "requests"));
    }
    Identity who = mainIdentity();
    if (who != null) {
      sb.append(", ").append(who.admin() ? "admin session" : "session");
      sb.append(who.user() != null ? " of " + who.user() + " (" + who.tenant() + ")" : " on " + who.tenant());
    }
    return sb.toString();
  }

  /** The identity to name in the verdict: an admin one with a user first, then any with a user, then any. */
  private @Nullable Identity mainIdentity() {
    Identity best = null;
    int bestScore = -1;
    for (Identity i : identities) {
      int score = (i.admin() ? 2 : 0) + (i.user() != null ? 1 : 0);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
