package dev.beacon.tools.bench.fanout;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where the servers behind some gateway URLs expose their Prometheus series. */
public final class MetricsUrls {

  private MetricsUrls() {}

  /**
   * {@code http(s)://<host:port>/metrics} of each distinct host:port of {@code gatewayUrls}, in
   * order.
   */
  public static List<URI> derive(List<URI> gatewayUrls) {
    Set<URI> metrics = new LinkedHashSet<>();
    for (URI url : gatewayUrls) {
      String scheme = "wss".equalsIgnoreCase(url.getScheme()) ? "https" : "http";
      metrics.add(URI.create(scheme + "://" + url.getRawAuthority() + "/metrics"));
    }
    return List.copyOf(metrics);
  }
}
