package dev.beacon.gateway.security;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The load balancers whose {@code X-Forwarded-For} is believed: exact addresses ({@code 10.0.0.7},
 * {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8}, {@code 172.28.0.0/16}, {@code fd00::/8}), so a
 * pool of proxies, or a container network whose addresses change, is one entry. Literals only: a
 * host name would need DNS at every connection.
 */
final class TrustedProxies {

  private final List<IpSubnetFilterRule> rules;

  TrustedProxies(List<String> entries) {
    this.rules = entries.stream().map(TrustedProxies::rule).toList();
  }

  /**
   * Fails with a message naming the setting when an entry is neither an address nor a CIDR range.
   */
  static void validate(List<String> entries) {
    entries.forEach(TrustedProxies::rule);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * True when {@code address} (an IP literal, as a peer or forwarded-for address is written) is a
   * trusted proxy; anything that is not an IP literal is not, and is never looked up ({@link
   * IpLiteral}).
   */
  boolean trusts(String address) {
    InetAddress parsed = rules.isEmpty() ? null : IpLiteral.parse(address);
    if (parsed == null) {
      return false;
    }
    InetSocketAddress socketAddress = new InetSocketAddress(parsed, 0);
    return rules.stream().anyMatch(rule -> rule.matches(socketAddress));
  }

  private static IpSubnetFilterRule rule(String entry) {
    String[] parts = entry.strip().split("/", -1);
    try {
      InetAddress address = parts.length > 2 ? null : IpLiteral.parse(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("not an IP address");
      }
      int bits = address.getAddress().length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix out of range");
      }
      return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "BEACON_TRUSTED_PROXIES entry '"
              + entry
              + "' is neither an IP address nor a "
              + "CIDR range; write e.g. 10.0.0.7, 10.0.0.0/8 or fd00::/8 (no host names)");
    }
  }
}
