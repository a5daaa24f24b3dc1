package dev.beacon.server.cli;

import dev.beacon.gateway.proxy.ProxyConfig;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The gateway's proxy hooks to the application's backend (docs/proxy.md). */
public final class ProxyOptions {

  @Option(
      names = "--proxy-connect-url",
      defaultValue = "${env:BEACON_PROXY_CONNECT_URL:-}",
      description =
          "Asked before a connection without a JWT or device key is welcomed: allow, refuse, or set its "
              + "user and channels (env BEACON_PROXY_CONNECT_URL, default empty: off).")
  String connectUrl;

  @Option(
      names = "--proxy-subscribe-url",
      defaultValue = "${env:BEACON_PROXY_SUBSCRIBE_URL:-}",
      description =
          "Asked before a subscribe to a channel whose namespace has proxySubscribe "
              + "(env BEACON_PROXY_SUBSCRIBE_URL, default empty: off).")
  String subscribeUrl;

  @Option(
      names = "--proxy-publish-url",
      defaultValue = "${env:BEACON_PROXY_PUBLISH_URL:-}",
      description =
          "Asked before a publish to a channel whose namespace has proxyPublish; may change the data "
              + "(env BEACON_PROXY_PUBLISH_URL, default empty: off).")
  String publishUrl;

  @Option(
      names = "--proxy-refresh-url",
      defaultValue = "${env:BEACON_PROXY_REFRESH_URL:-}",
      description =
          "Asked for a refresh on a connection the connect hook identified: extend, end or refuse "
              + "(env BEACON_PROXY_REFRESH_URL, default empty: off).")
  String refreshUrl;

  @Option(
      names = "--proxy-timeout",
      defaultValue = "${env:BEACON_PROXY_TIMEOUT:-1s}",
      converter = DurationConverter.class,
      description =
          "Longest one hook call may take; then proxy_unavailable (close 4040 on connect) "
              + "(env BEACON_PROXY_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--proxy-pool-size",
      defaultValue = "${env:BEACON_PROXY_POOL_SIZE:-32}",
      description =
          "HTTP connections kept to each backend host:port (env BEACON_PROXY_POOL_SIZE, default ${DEFAULT-VALUE}).")
  int poolSize;

  @Option(
      names = "--proxy-max-in-flight",
      defaultValue = "${env:BEACON_PROXY_MAX_IN_FLIGHT:-1000}",
      description =
          "Hook calls awaiting the backend in one gateway; one more is answered proxy_unavailable at once "
              + "(env BEACON_PROXY_MAX_IN_FLIGHT, default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--proxy-headers",
      defaultValue = "${env:BEACON_PROXY_HEADERS:-}",
      description =
          "Handshake headers copied into every hook call, comma-separated, e.g. Cookie,Authorization "
              + "(env BEACON_PROXY_HEADERS, default none).")
  String headers;

  public ProxyConfig config() {
    return ProxyConfig.builder()
        .connectUrl(connectUrl)
        .subscribeUrl(subscribeUrl)
        .publishUrl(publishUrl)
        .refreshUrl(refreshUrl)
        .timeout(timeout)
        .poolSize(poolSize)
        .maxInFlight(maxInFlight)
        .forwardHeaders(
            headers == null || headers.isBlank() ? null : Arrays.asList(headers.split(",")))
        .build();
  }
}
