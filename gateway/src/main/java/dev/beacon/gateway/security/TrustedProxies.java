package dev.beacon.gateway.security;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The load balancers whose {@code X-Forwarded-For} is believed: exact addresses ({@code 10.0.0.7}, {@code ::1}) and
 * CIDR ranges ({@code 10.0.0.0/8}, {@code 172.28.0.0/16}, {@code fd00::/8}), so a pool of proxies, or a container
 * network whose addresses change, is one entry. Literals only: a host name would need DNS at every connection.
 */
final class TrustedProxies {

  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<IpSubnetFilterRule> rules;

  TrustedProxies(List<String> entries) {
    this.rules = entries.stream().map(TrustedProxies::rule).toList();
  }

  /** Fails with a message naming the setting when an entry is neither an address nor a CIDR range. */
  static void validate(List<String> entries) {
    entries.forEach(TrustedProxies::rule);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /** True when {@code address} (an IP literal, as a peer or forwarded-for address is written) is a trusted proxy. */
  boolean trusts(String address) {
    if (rules.isEmpty() || address == null || !LITERAL.matcher(address).matches()) {
      return false;
    }
    try {
      InetSocketAddress socketAddress = new InetSocketAddress(InetAddress.getByName(address), 0);
      return rules.stream().anyMatch(rule -> rule.matches(socketAddress));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }

  private static IpSubnetFilterRule rule(String entry) {
    String[] parts = entry.strip().split("/", -1);
    try {
      if (parts.length > 2 || !LITERAL.matcher(parts[0]).matches()) {
        throw new IllegalArgumentException("not an IP address");
      }
      InetAddress address = InetAddress.getByName(parts[0]);
      int bits = address.getAddress().length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix out of range");
      }
      return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException("BEACON_TRUSTED_PROXIES entry '" + entry + "' is neither an IP address nor a "
          + "CIDR range; write e.g. 10.0.0.7, 10.0.0.0/8 or fd00::/8 (no host names)");
    }
  }
}
