package dev.beacon.gateway.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, shared by every event loop of a gateway. A slot is taken
 * when an upgrade is accepted and given back when its connection ends, however it ends.
 */
public final class ConnectionsPerIp {

  private final int max;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public ConnectionsPerIp(int max) {
    this.max = max;
  }

  /** Takes a slot for {@code address}; false when it already has {@code max} connections. */
  public boolean tryAcquire(String address) {
    boolean[] taken = {false};
    open.compute(
        address,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (current >= max) {
            return count;
          }
          taken[0] = true;
          return current + 1;
        });
    return taken[0];
  }

  public void release(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** Connections open from {@code address}. */
  public int count(String address) {
    return open.getOrDefault(address, 0);
  }

  public int max() {
    return max;
  }
}
