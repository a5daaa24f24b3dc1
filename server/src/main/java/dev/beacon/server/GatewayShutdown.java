package dev.beacon.server;

import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.operations.ServerApiConfig;
import java.time.Duration;

/**
 * The graceful stop of a gateway on SIGTERM, for {@code beacon gateway} and {@code beacon local}:
 * drain (readiness fails, then clients are closed with 1001 over the drain window), then close
 * (replies still owed are written, the producer is flushed and closed). Blocks the shutdown hook
 * until done.
 */
public final class GatewayShutdown {

  /**
   * Time allowed beyond the configured delay and window for the last replies and the producer's
   * flush.
   */
  static final Duration MARGIN = Duration.ofSeconds(30);

  private GatewayShutdown() {}

  public static void drainThenClose(Gateway gateway) {
    ServerApiConfig server = gateway.config().serverApi();
    Duration drain = server.drainReadinessDelay().plus(server.drainWindow()).plus(MARGIN);
    Blocking.awaitQuietly(gateway.drain(), "drain the gateway's clients", drain);
    Blocking.awaitQuietly(gateway.close(), "stop the gateway", MARGIN.multipliedBy(2));
  }
}
