package dev.beacon.gateway.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The proxy hooks: HTTP calls from the gateway to the application's backend on connect, subscribe,
 * publish and refresh (docs/proxy.md). A hook whose URL is empty is off; with every URL empty (the
 * default) the gateway behaves as it did before hooks existed.
 *
 * @param connectUrl called before a connection without a JWT or device key gets its {@code welcome}
 *     ({@code BEACON_PROXY_CONNECT_URL}, default empty: off)
 * @param subscribeUrl called before a {@code subscribe} to a channel whose namespace has {@code
 *     proxySubscribe} ({@code BEACON_PROXY_SUBSCRIBE_URL})
 * @param publishUrl called before a {@code chat} to a channel whose namespace has {@code
 *     proxyPublish} ({@code BEACON_PROXY_PUBLISH_URL})
 * @param refreshUrl called for a {@code refresh} on a connection the connect hook identified
 *     ({@code BEACON_PROXY_REFRESH_URL})
 * @param timeout longest one call may take, connection included ({@code BEACON_PROXY_TIMEOUT},
 *     default 1 s, as Centrifugo's)
 * @param poolSize HTTP connections kept to each backend host and port ({@code
 *     BEACON_PROXY_POOL_SIZE}, default {@value #DEFAULT_POOL_SIZE})
 * @param maxInFlight calls awaiting the backend in this gateway, all hooks together; one more is
 *     refused at once as if the backend were down ({@code BEACON_PROXY_MAX_IN_FLIGHT}, default
 *     {@value #DEFAULT_MAX_IN_FLIGHT})
 * @param forwardHeaders handshake headers copied into every call, by name ({@code
 *     BEACON_PROXY_HEADERS}, e.g. {@code Cookie,Authorization}; default none)
 */
public record ProxyConfig(
    String connectUrl,
    String subscribeUrl,
    String publishUrl,
    String refreshUrl,
    Duration timeout,
    int poolSize,
    int maxInFlight,
    List<String> forwardHeaders) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_POOL_SIZE = 32;
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

  public ProxyConfig {
    connectUrl = checkUrl(connectUrl, "BEACON_PROXY_CONNECT_URL");
    subscribeUrl = checkUrl(subscribeUrl, "BEACON_PROXY_SUBSCRIBE_URL");
    publishUrl = checkUrl(publishUrl, "BEACON_PROXY_PUBLISH_URL");
    refreshUrl = checkUrl(refreshUrl, "BEACON_PROXY_REFRESH_URL");
    if (timeout == null
        || timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "BEACON_PROXY_TIMEOUT must be above 0 and at most 60s, got " + timeout);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException(
          "BEACON_PROXY_POOL_SIZE must be at least 1, got " + poolSize);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException(
          "BEACON_PROXY_MAX_IN_FLIGHT must be at least 1, got " + maxInFlight);
    }
    forwardHeaders = forwardHeaders == null ? List.of() : checkHeaders(forwardHeaders);
  }

  /** Every hook off. */
  public static ProxyConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .connectUrl(connectUrl)
        .subscribeUrl(subscribeUrl)
        .publishUrl(publishUrl)
        .refreshUrl(refreshUrl)
        .timeout(timeout)
        .poolSize(poolSize)
        .maxInFlight(maxInFlight)
        .forwardHeaders(forwardHeaders);
  }

  /** The URL of {@code hook}, empty when it is off. */
  public String url(ProxyHook hook) {
    return switch (hook) {
      case CONNECT -> connectUrl;
      case SUBSCRIBE -> subscribeUrl;
      case PUBLISH -> publishUrl;
      case REFRESH -> refreshUrl;
    };
  }

  public boolean enabled(ProxyHook hook) {
    return !url(hook).isEmpty();
  }

  /** Whether any hook is on: without one, no HTTP client is created. */
  public boolean anyEnabled() {
    for (ProxyHook hook : ProxyHook.values()) {
      if (enabled(hook)) {
        return true;
      }
    }
    return false;
  }

  private static String checkUrl(String url, String knob) {
    if (url == null || url.isBlank()) {
      return "";
    }
    String value = url.strip();
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          knob + " is not a URL (" + e.getMessage() + "); give e.g. http://127.0.0.1:3000/connect");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          knob
              + " must be an absolute http:// or https:// URL with a host, got '"
              + value
              + "'; e.g. http://127.0.0.1:3000/connect");
    }
    return value;
  }

  private static List<String> checkHeaders(List<String> names) {
    List<String> clean = names.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
    for (String name : clean) {
      if (!name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException(
            "BEACON_PROXY_HEADERS: '"
                + name
                + "' is not a header name; give names separated by commas, e.g. Cookie,Authorization");
      }
    }
    return List.copyOf(clean);
  }

  /** Builds a {@link ProxyConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private String connectUrl = "";
    private String subscribeUrl = "";
    private String publishUrl = "";
    private String refreshUrl = "";
    private Duration timeout = DEFAULT_TIMEOUT;
    private int poolSize = DEFAULT_POOL_SIZE;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private List<String> forwardHeaders = List.of();

    private Builder() {}

    public Builder connectUrl(String value) {
      connectUrl = value;
      return this;
    }

    public Builder subscribeUrl(String value) {
      subscribeUrl = value;
      return this;
    }

    public Builder publishUrl(String value) {
      publishUrl = value;
      return this;
    }

    public Builder refreshUrl(String value) {
      refreshUrl = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder poolSize(int value) {
      poolSize = value;
      return this;
    }

    public Builder maxInFlight(int value) {
      maxInFlight = value;
      return this;
    }

    public Builder forwardHeaders(List<String> value) {
      forwardHeaders = value;
      return this;
    }

    public ProxyConfig build() {
      return new ProxyConfig(
          connectUrl,
          subscribeUrl,
          publishUrl,
          refreshUrl,
          timeout,
          poolSize,
          maxInFlight,
          forwardHeaders);
    }
  }
}
