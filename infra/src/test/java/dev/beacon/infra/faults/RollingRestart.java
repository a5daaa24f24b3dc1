package dev.beacon.infra.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The weekly rolling restart of {@link ClusterStack}, one part at a time, in the order of docs/operations.md:
 * brokers (a controlled shutdown on SIGTERM moves leadership away first; the next waits until the restarted one is
 * back in every in-sync set), gateways (SIGTERM drains their clients, who reconnect to the other gateway and resume
 * from their position), broadcasters and ingestors (SIGTERM commits what they did; their static group membership
 * gives them their partitions back on return without a rebalance).
 */
final class RollingRestart {

  private final ClusterStack stack;
  private final List<Integer> brokers;

  private RollingRestart(ClusterStack stack, List<Integer> brokers) {
    this.stack = stack;
    this.brokers = brokers;
  }

  /** Every part, every broker included. */
  static RollingRestart of(ClusterStack stack) {
    List<Integer> all = new ArrayList<>();
    for (int node = 1; node <= BrokerQuorum.SIZE; node++) {
      all.add(node);
    }
    return new RollingRestart(stack, all);
  }

  /** The same roll restarting only {@code nodes} of the brokers (each broker restarts the same way). */
  RollingRestart brokers(List<Integer> nodes) {
    return new RollingRestart(stack, List.copyOf(nodes));
  }

  /** Restarts every part; after each, {@code afterEach} gets the part's name and the wall time it was back. */
  void run(BiConsumer<String, Long> afterEach) {
    for (int node : brokers) {
      stack.brokers().stop(node);
      stack.brokers().restart(node);
      afterEach.accept("broker " + node, System.currentTimeMillis());
    }
    for (int i = 0; i < 2; i++) {
      stack.gateway(i).terminate();
      stack.startGateway(i);
      afterEach.accept("gateway " + i, System.currentTimeMillis());
    }
    for (String name : ClusterStack.BROADCASTERS) {
      stack.broadcaster(name).terminate();
      stack.startBroadcaster(name);
      afterEach.accept("broadcaster " + name, System.currentTimeMillis());
    }
    for (String name : ClusterStack.INGESTORS) {
      stack.ingestor(name).terminate();
      stack.startIngestor(name);
      afterEach.accept("ingestor " + name, System.currentTimeMillis());
    }
  }
}
