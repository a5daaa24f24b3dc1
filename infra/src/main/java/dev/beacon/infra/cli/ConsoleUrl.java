package dev.beacon.infra.cli;

import dev.beacon.infra.LocalStack;

/** The web console's address on a local stack, naming the ingestor's API when it is not on the console's default port. */
final class ConsoleUrl {

  /** Where the console looks for the ingestor's API when the page does not say ({@code settings.js}). */
  static final int DEFAULT_API_PORT = 8081;

  private ConsoleUrl() {
  }

  static String of(LocalStack stack) {
    String s = stack.gateway().config().security().tls().enabled() ? "s" : "";
    String url = "http" + s + "://localhost:" + stack.gateway().port()
        + stack.gateway().config().serverApi().pathPrefix() + "/console/";
    int apiPort = stack.ingestor().apiPort();
    return apiPort == DEFAULT_API_PORT && s.isEmpty() ? url : url + "?api=http://localhost:" + apiPort;
  }
}
