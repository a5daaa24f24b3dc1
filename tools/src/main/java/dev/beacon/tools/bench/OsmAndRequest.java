package dev.beacon.tools.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The request URI of fix number {@code n} over the tracker HTTP port, as Traccar Client and OsmAnd
 * send it: {@code <path>?id=<device>&lat=<lat>&lon=<lon>&timestamp=<epoch ms>[&key=<key>]}, sent as
 * a {@code POST} with an empty body (Traccar Client's form; the gateway reads {@code GET} the same
 * way).
 */
final class OsmAndRequest {

  private final FixLineSource lines;
  private final String path;
  private final String keyParameter;
  private final StringBuilder uri = new StringBuilder(128);

  /**
   * @param target the tracker HTTP address; its path (default {@code /}) is kept
   * @param key the device credential, or null for none
   */
  OsmAndRequest(FixLineSource lines, URI target, String key) {
    this.lines = lines;
    this.path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    this.keyParameter = key == null ? "" : "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  /** The URI of fix {@code n}; device ids need no escaping (the id rule allows none that would). */
  String uri(long n) {
    uri.setLength(0);
    uri.append(path).append("?id=");
    lines.appendDeviceId(uri, n);
    return uri.append("&lat=")
        .append(lines.latitude(n))
        .append("&lon=")
        .append(lines.longitude(n))
        .append("&timestamp=")
        .append(lines.epochMillis(n))
        .append(keyParameter)
        .toString();
  }
}
