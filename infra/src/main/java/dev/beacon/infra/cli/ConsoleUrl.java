package dev.beacon.infra.cli;

import dev.beacon.infra.LocalStack;
import dev.beacon.ingestor.IngestorConfig;

/**
 * The web console's address on a local stack, naming the ingestor's API when the console would not find it by itself
 * (on plain HTTP it looks on the page's host at the ingestor's default port: {@code settings.js}).
 */
final class ConsoleUrl {

  private ConsoleUrl() {
  }

  static String of(LocalStack stack) {
    String s = stack.gateway().config().security().tls().enabled() ? "s" : "";
    String url = "http" + s + "://localhost:" + stack.gateway().port()
        + stack.gateway().config().serverApi().pathPrefix() + "/console/";
    int apiPort = stack.ingestor().apiPort();
    return apiPort == IngestorConfig.DEFAULT_API_PORT && s.isEmpty() ? url : url + "?api=http://localhost:" + apiPort;
  }
}
