package dev.beacon.gateway.security;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;

/**
 * The address a connection is counted against: the peer's, or, when the peer is a trusted proxy (an
 * address or a CIDR range of {@link TrustedProxies}), the right-most {@code X-Forwarded-For} entry
 * that is not itself a trusted proxy (entries further left are client-supplied and could be
 * forged). Hops are parsed as IP literals only, never looked up in DNS; a hop that is not one (a
 * name, {@code unknown}, garbage) was not written by a proxy that appends its peer, so the walk
 * stops there and the connection counts against the last trusted proxy's own address.
 */
final class ClientAddress {

  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final TrustedProxies trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = new TrustedProxies(trustedProxies);
  }

  /**
   * Whether the peer is a trusted proxy: then the client is counted by its forwarded address, at
   * the upgrade.
   */
  boolean viaProxy(SocketAddress peer) {
    return peer != null && trustedProxies.trusts(peer.hostAddress());
  }

  String of(SocketAddress peer, MultiMap headers) {
    String direct = peer == null ? "unknown" : peer.hostAddress();
    if (!trustedProxies.trusts(direct)) {
      return direct;
    }
    String lastProxy = direct;
    List<String> forwarded = headers.getAll(FORWARDED_FOR);
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].strip();
        if (hop.isEmpty()) {
          continue;
        }
        InetAddress address = IpLiteral.parse(hop);
        if (address == null) {
          return lastProxy;
        }
        String canonical = address.getHostAddress();
        if (!trustedProxies.trusts(canonical)) {
          return canonical;
        }
        lastProxy = canonical;
      }
    }
    return direct;
  }
}
