package dev.beacon.it.faults;

import dev.beacon.it.support.TextClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat room under faults: one publisher sends numbered messages (about 10 a second) and followers
 * on every gateway read the room; whoever is dropped reconnects (to any gateway) and resubscribes
 * with its last position. At the end every follower must hold the same list, in order, without a
 * duplicate, with every message the publisher saw delivered.
 */
final class RoomTraffic implements AutoCloseable {

  static final String ROOM = "faults";
  private static final Duration PACE = Duration.ofMillis(100);

  private final String name;
  private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  private final Set<Integer> delivered = ConcurrentHashMap.newKeySet();
  private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sent = new AtomicInteger();
  private final Set<String> closeCodes = Reconnecting.newCloseCodes();
  private final List<Follower> followers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean publishing = true;
  private volatile boolean running = true;

  private RoomTraffic(String name) {
    this.name = name;
  }

  static RoomTraffic start(Vertx vertx, List<Integer> ports, int followersPerGateway) {
    return start(vertx, ports, followersPerGateway, ROOM);
  }

  /** As {@link #start(Vertx, List, int)} in the room called {@code name}. */
  static RoomTraffic start(Vertx vertx, List<Integer> ports, int followersPerGateway, String name) {
    RoomTraffic room = new RoomTraffic(name);
    for (int i = 0; i < ports.size() * followersPerGateway; i++) {
      Follower follower =
          room.new Follower(new Reconnecting(vertx, ports, "/chat", i, room.closeCodes));
      room.followers.add(follower);
      room.spawn("follower-" + i, follower::follow);
    }
    Follower publisher =
        room.new Follower(new Reconnecting(vertx, ports, "/chat", 0, room.closeCodes));
    room.spawn("publisher", () -> room.publish(publisher));
    return room;
  }

  private void spawn(String role, Runnable body) {
    Thread thread = new Thread(body, name + "-" + role);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void publish(Follower self) {
    try {
      while (running) {
        TextClient client = self.connected();
        if (publishing) {
          int n = sent.getAndIncrement();
          sentAt.put(n, System.currentTimeMillis());
          client.send(
              new JsonObject()
                  .put("type", "chat")
                  .put("id", n)
                  .put("room", name)
                  .put("sender", "pub")
                  .put("content", "m-" + n)
                  .encode());
        }
        self.drain(client, PACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      self.link.close();
    }
  }

  /** Stops sending; followers keep reading until {@link #close()}. */
  void stopPublishing() {
    publishing = false;
  }

  /** Whether every follower has received a message sent at or after {@code wallMillis}. */
  boolean everyoneReceivedSince(long wallMillis) {
    return followers.stream().allMatch(f -> f.lastSentAtSeen.get() >= wallMillis);
  }

  /**
   * Where the room stands, for a failure message: what was sent and refused, and what each follower
   * last saw.
   */
  String describe(long sinceWallMillis) {
    StringBuilder text =
        new StringBuilder(
            "room "
                + name
                + ": sent "
                + sent.get()
                + ", refused "
                + refused.size()
                + ", delivered "
                + delivered.size()
                + "; followers' newest message sent at (ms after the part came back):");
    followers.forEach(
        f ->
            text.append(' ')
                .append(f.lastSentAtSeen.get() - sinceWallMillis)
                .append(" (")
                .append(f.received().size())
                .append(" received)"));
    return text.toString();
  }

  /** Whether every follower holds every message that anyone (publisher included) has received. */
  boolean caughtUp() {
    Set<Integer> all = delivered();
    return followers.stream().allMatch(f -> f.received().containsAll(all));
  }

  int sent() {
    return sent.get();
  }

  Set<Integer> delivered() {
    return Set.copyOf(delivered);
  }

  Set<Integer> refused() {
    return Set.copyOf(refused);
  }

  List<List<Integer>> followerLists() {
    return followers.stream().map(Follower::received).toList();
  }

  long unrecovered() {
    return followers.stream().mapToLong(f -> f.unrecovered.get()).sum();
  }

  Set<String> closeCodes() {
    return Set.copyOf(closeCodes);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(5_000);
    }
  }

  /** One member of the room, resubscribing with {@code since} after every reconnect. */
  private final class Follower {
    private final Reconnecting link;
    private final List<Integer> received = new ArrayList<>();
    private final AtomicLong lastSentAtSeen = new AtomicLong();
    private final AtomicLong unrecovered = new AtomicLong();
    private TextClient current;
    private String lastPos;

    Follower(Reconnecting link) {
      this.link = link;
    }

    void follow() {
      try {
        while (running) {
          drain(connected(), PACE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        link.close();
      }
    }

    TextClient connected() throws InterruptedException {
      TextClient client = link.client();
      if (client != current) {
        current = client;
        JsonObject subscribe = new JsonObject().put("type", "subscribe").put("room", name);
        if (lastPos != null) {
          subscribe.put("since", lastPos);
        }
        client.send(subscribe.encode());
      }
      return client;
    }

    void drain(TextClient client, Duration wait) {
      for (String frame = client.pollReply(wait);
          frame != null;
          frame = client.pollReply(Duration.ZERO)) {
        JsonObject m = new JsonObject(frame);
        String type = m.getString("type");
        if ("chat".equals(type) && name.equals(m.getString("room"))) {
          int n = Integer.parseInt(m.getString("content").substring(2));
          record(n, m.getString("pos"));
        } else if ("subscribed".equals(type)
            && lastPos != null
            && !m.getBoolean("recovered", false)) {
          unrecovered.incrementAndGet();
        } else if ("error".equals(type) && m.getValue("id") instanceof Number id) {
          refused.add(id.intValue());
        }
      }
    }

    private synchronized void record(int n, String pos) {
      received.add(n);
      lastPos = pos;
      delivered.add(n);
      Long at = sentAt.get(n);
      if (at != null) {
        lastSentAtSeen.accumulateAndGet(at, Math::max);
      }
    }

    synchronized List<Integer> received() {
      return List.copyOf(received);
    }
  }
}
