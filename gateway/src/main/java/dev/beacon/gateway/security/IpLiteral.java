package dev.beacon.gateway.security;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address written as a literal, parsed by Netty's parser, which never asks DNS:
 * {@code InetAddress.getByName} would look up anything that is not a literal (say an {@code
 * X-Forwarded-For} hop {@code cafe.babe}) and block the event loop on the resolver. Anything else
 * is not an address.
 */
final class IpLiteral {

  private IpLiteral() {}

  /** The address {@code text} writes, or null when it is not an IP literal. */
  static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
