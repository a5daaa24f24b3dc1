package dev.beacon.broadcaster;

import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientLeft;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecord.GatewayAlive;
import dev.beacon.common.protocol.PresenceRecord.GatewayGone;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected where, as told by {@code beacon.presence}: {@link #apply} each record in log order, query
 * from any thread. A client counts as present when its latest record is {@link ClientPresent} and its gateway
 * is alive at the time asked:
 * <ul>
 *   <li>the gateway's last heartbeat is not stale ({@link GatewayAlive#isStale}), or</li>
 *   <li>no heartbeat of the gateway was seen yet, and the client connected less than
 *       {@value PresenceRecord#STALE_AFTER_PERIODS} periods ago: a gateway may announce a client before its
 *       first heartbeat reaches this reader (another partition), while a gateway that never heartbeats is
 *       treated like a dead one.</li>
 * </ul>
 * A gateway's tombstone ({@link GatewayGone}) makes all its clients absent until it heartbeats again.
 *
 * <p>Times are the gateways' clocks compared with the caller's {@code now}; clocks that disagree by more
 * than a few periods make clients look absent or present for too long.
 */
public final class PresenceView {

  private static final Comparator<ClientPresent> BY_ARRIVAL =
      Comparator.comparingLong(ClientPresent::connectedAt).thenComparing(ClientPresent::clientId);

  private final Duration heartbeatPeriod;
  private final Map<String, ClientPresent> clients = new ConcurrentHashMap<>();
  private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

  /** What the view knows of a gateway: its last heartbeat, or that it shut down. */
  private record Gateway(long aliveAt, boolean gone) {
  }

  public PresenceView(Duration heartbeatPeriod) {
    this.heartbeatPeriod = Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod");
    if (heartbeatPeriod.isZero() || heartbeatPeriod.isNegative()) {
      throw new IllegalArgumentException("heartbeat period must be positive, got " + heartbeatPeriod);
    }
  }

  public Duration heartbeatPeriod() {
    return heartbeatPeriod;
  }

  /** Takes in one record of {@code beacon.presence}; records of one key must come in log order. */
  public void apply(PresenceRecord record) {
    if (record instanceof ClientPresent c) {
      clients.put(c.clientId(), c);
    } else if (record instanceof ClientLeft c) {
      clients.remove(c.clientId());
    } else if (record instanceof GatewayAlive g) {
      gateways.put(g.gateway(), new Gateway(g.aliveAt(), false));
    } else if (record instanceof GatewayGone g) {
      gateways.put(g.gateway(), new Gateway(0, true));
    }
  }

  /** The client's entry when it is present at {@code nowMillis}. */
  public Optional<ClientPresent> client(String clientId, long nowMillis) {
    ClientPresent c = clients.get(clientId);
    return c != null && isLive(c, nowMillis) ? Optional.of(c) : Optional.empty();
  }

  public boolean isPresent(String clientId, long nowMillis) {
    return client(clientId, nowMillis).isPresent();
  }

  /** How many clients are present at {@code nowMillis}, over all gateways. */
  public long count(long nowMillis) {
    return clients.values().stream().filter(c -> isLive(c, nowMillis)).count();
  }

  /** The present clients subscribed to {@code room}, in the order they connected. */
  public List<ClientPresent> members(String room, long nowMillis) {
    return clients.values().stream()
        .filter(c -> c.rooms().contains(room) && isLive(c, nowMillis))
        .sorted(BY_ARRIVAL)
        .toList();
  }

  /** Whether any client present at {@code nowMillis} is subscribed to {@code room}; cheaper than {@link #members}. */
  public boolean hasMembers(String room, long nowMillis) {
    for (ClientPresent c : clients.values()) {
      if (c.rooms().contains(room) && isLive(c, nowMillis)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code gateway} heartbeated recently enough at {@code nowMillis}. */
  public boolean isGatewayAlive(String gateway, long nowMillis) {
    Gateway g = gateways.get(gateway);
    return g != null && !g.gone() && !new GatewayAlive(gateway, g.aliveAt()).isStale(nowMillis, heartbeatPeriod);
  }

  /** Entries held, present or not; entries of dead gateways stay until their tombstones arrive. */
  public int entries() {
    return clients.size();
  }

  private boolean isLive(ClientPresent c, long nowMillis) {
    Gateway g = gateways.get(c.gateway());
    if (g == null) {
      return nowMillis - c.connectedAt() <= PresenceRecord.STALE_AFTER_PERIODS * heartbeatPeriod.toMillis();
    }
    return !g.gone() && nowMillis - g.aliveAt() <= PresenceRecord.STALE_AFTER_PERIODS * heartbeatPeriod.toMillis();
  }
}
