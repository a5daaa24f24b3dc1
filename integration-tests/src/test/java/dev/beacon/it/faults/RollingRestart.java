package dev.beacon.it.faults;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The weekly rolling restart of {@link ClusterStack}, one part at a time, in the order of
 * docs/operations.md: brokers (a controlled shutdown on SIGTERM moves leadership away first; the
 * next waits until the restarted one is back in every in-sync set), gateways (SIGTERM drains their
 * clients, who reconnect to the other gateway and resume from their position), broadcasters and
 * ingestors (SIGTERM commits what they did; their static group membership gives them their
 * partitions back on return without a rebalance).
 */
final class RollingRestart {

  private final ClusterStack stack;
  private final List<Integer> brokers;
  private final List<Integer> gateways;
  private final List<String> broadcasters;
  private final List<String> ingestors;

  private RollingRestart(
      ClusterStack stack,
      List<Integer> brokers,
      List<Integer> gateways,
      List<String> broadcasters,
      List<String> ingestors) {
    this.stack = stack;
    this.brokers = brokers;
    this.gateways = gateways;
    this.broadcasters = broadcasters;
    this.ingestors = ingestors;
  }

  /**
   * The roll over one part of each kind, in the order above: broker {@code broker}, the first
   * gateway, broadcaster and ingestor. The others of a kind restart exactly the same way
   * (distribution/scripts/rolling-restart.sh does them all), and each restart costs the suite half
   * a minute to a minute.
   */
  static RollingRestart onePerKind(ClusterStack stack, int broker) {
    return new RollingRestart(
        stack,
        List.of(broker),
        List.of(0),
        ClusterStack.BROADCASTERS.subList(0, 1),
        ClusterStack.INGESTORS.subList(0, 1));
  }

  /**
   * Restarts the parts in order; after each, {@code afterEach} gets the part's name and the wall
   * time it was back.
   */
  void run(BiConsumer<String, Long> afterEach) {
    for (int node : brokers) {
      stack.brokers().stop(node);
      stack.brokers().restart(node);
      afterEach.accept("broker " + node, System.currentTimeMillis());
    }
    for (int i : gateways) {
      stack.gateway(i).terminate();
      stack.startGateway(i);
      afterEach.accept("gateway " + i, System.currentTimeMillis());
    }
    for (String name : broadcasters) {
      stack.broadcaster(name).terminate();
      stack.startBroadcaster(name);
      afterEach.accept("broadcaster " + name, System.currentTimeMillis());
    }
    for (String name : ingestors) {
      stack.ingestor(name).terminate();
      stack.startIngestor(name);
      afterEach.accept("ingestor " + name, System.currentTimeMillis());
    }
  }
}
