package dev.beacon.gateway.security;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The address a connection is counted against: the peer's, or, when the peer is a trusted proxy (an address or a CIDR
 * range of {@link TrustedProxies}), the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries further left are client-supplied and
 * could be forged).
 */
final class ClientAddress {

  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final TrustedProxies trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = new TrustedProxies(trustedProxies);
  }

  String of(SocketAddress peer, MultiMap headers) {
    String direct = peer == null ? "unknown" : peer.hostAddress();
    if (!trustedProxies.trusts(direct)) {
      return direct;
    }
    List<String> forwarded = headers.getAll(FORWARDED_FOR);
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].strip();
        if (!hop.isEmpty() && !trustedProxies.trusts(hop)) {
          return hop;
        }
      }
    }
    return direct;
  }
}
