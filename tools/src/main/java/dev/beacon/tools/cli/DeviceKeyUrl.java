package dev.beacon.tools.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A gateway URL carrying a device key ({@code ?key=}), for the load tools' {@code --key}: the way a
 * tracker that can set only its URL presents its identity (docs/security.md, "Device identity").
 */
final class DeviceKeyUrl {

  private DeviceKeyUrl() {}

  /**
   * {@code url} with {@code key=<key>} added to its query; {@code url} itself when {@code key} is
   * null or blank.
   */
  static URI of(URI url, String key) {
    if (url == null || key == null || key.isBlank()) {
      return url;
    }
    String text = url.toString();
    String separator = url.getRawQuery() == null ? "?" : "&";
    return URI.create(
        text + separator + "key=" + URLEncoder.encode(key.strip(), StandardCharsets.UTF_8));
  }
}
