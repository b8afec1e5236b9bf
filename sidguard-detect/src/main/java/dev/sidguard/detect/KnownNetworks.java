package dev.sidguard.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Network identities a user has authenticated from, most recent last, at most {@link #MAX}: a
 * keyed-state value shared by the rules that ask "has this user logged in from here before?".
 */
record KnownNetworks(List<String> networks) {
  static final int MAX = 16;

  KnownNetworks {
    networks = List.copyOf(networks);
  }

  /** {@code known} plus {@code network}; {@code known} may be null (nothing learned yet). */
  static KnownNetworks plus(@org.jspecify.annotations.Nullable KnownNetworks known, String network) {
    return known == null ? new KnownNetworks(List.of(network)) : known.with(network);
  }

  boolean contains(String network) {
    return networks.contains(network);
  }

  KnownNetworks with(String network) {
    if (!networks.isEmpty() && networks.get(networks.size() - 1).equals(network)) {
      return this;
    }
    List<String> next = new ArrayList<>(networks);
    next.remove(network);
    next.add(network);
    if (next.size() > MAX) {
      next.remove(0);
    }
    return new KnownNetworks(next);
  }
}
