package dev.beacon.distribution.cli;

import dev.beacon.embedded.LocalStack;
import dev.beacon.ingestor.IngestorConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The web console's address on a local stack, naming the ingestor's API when the console would not
 * find it by itself (on plain HTTP it looks on the page's host at the ingestor's default port:
 * {@code settings.js}), and carrying the read token so the console signs in by itself ({@code
 * read_token}, which the console removes from the address bar).
 */
final class ConsoleUrl {

  private ConsoleUrl() {}

  static String of(LocalStack stack, String readToken) {
    String url = of(stack);
    if (readToken == null) {
      return url;
    }
    return url
        + (url.contains("?") ? "&" : "?")
        + "read_token="
        + URLEncoder.encode(readToken, StandardCharsets.UTF_8);
  }

  static String of(LocalStack stack) {
    String s = stack.gateway().config().security().tls().enabled() ? "s" : "";
    String url =
        "http"
            + s
            + "://localhost:"
            + stack.gateway().port()
            + stack.gateway().config().serverApi().pathPrefix()
            + "/console/";
    int apiPort = stack.ingestor().apiPort();
    return apiPort == IngestorConfig.DEFAULT_API_PORT && s.isEmpty()
        ? url
        : url + "?api=http://localhost:" + apiPort;
  }
}
