package dev.beacon.gateway;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Who is connected to any gateway, read from the compacted {@code beacon.presence} from its beginning. Clients
 * of a gateway whose heartbeat is missing, gone or older than {@value PresenceRecord#STALE_AFTER_PERIODS}
 * periods do not count: a gateway killed outright writes no tombstones.
 */
public final class KafkaClusterView implements ClusterView {

  private final Map<String, ClientPresent> clients = new ConcurrentHashMap<>();
  private final Map<String, PresenceRecord.GatewayAlive> gateways = new ConcurrentHashMap<>();
  private final Duration heartbeatPeriod;
  private final LongSupplier clock;
  private TopicReader reader;

  KafkaClusterView(Duration heartbeatPeriod, LongSupplier clock) {
    this.heartbeatPeriod = heartbeatPeriod;
    this.clock = clock;
  }

  /** Reads {@code beacon.presence} from the beginning on a thread of its own (started on a worker). */
  public static Future<KafkaClusterView> start(Vertx vertx, KafkaSettings kafka, String clientId,
      Duration heartbeatPeriod) {
    return vertx.executeBlocking(() -> {
      KafkaClusterView view = new KafkaClusterView(heartbeatPeriod, System::currentTimeMillis);
      view.readFrom(new KafkaConsumer<>(TopicReader.settings(kafka, clientId)), kafka.ackTimeout());
      view.reader.start("beacon-presence");
      return view;
    });
  }

  void readFrom(Consumer<byte[], byte[]> consumer, Duration timeout) {
    reader = new TopicReader(consumer, Topics.PRESENCE,
        record -> apply(PresenceRecordCodec.decode(record.key(), record.value())));
    reader.assignAll(TopicReader.From.BEGINNING, timeout);
  }

  TopicReader reader() {
    return reader;
  }

  /** Takes one presence record into the view; callable from any thread. */
  void apply(PresenceRecord record) {
    if (record instanceof ClientPresent present) {
      clients.put(present.clientId(), present);
    } else if (record instanceof PresenceRecord.ClientLeft left) {
      clients.remove(left.clientId());
    } else if (record instanceof PresenceRecord.GatewayAlive alive) {
      gateways.merge(alive.gateway(), alive, (old, now) -> now.aliveAt() >= old.aliveAt() ? now : old);
    } else if (record instanceof PresenceRecord.GatewayGone gone) {
      gateways.remove(gone.gateway());
    }
  }

  private boolean live(ClientPresent client, long now) {
    PresenceRecord.GatewayAlive alive = gateways.get(client.gateway());
    return alive != null && !alive.isStale(now);
  }

  @Override
  public int connectedClients() {
    long now = clock.getAsLong();
    return (int) clients.values().stream().filter(c -> live(c, now)).count();
  }

  @Override
  public List<ClientPresent> clients() {
    long now = clock.getAsLong();
    return clients.values().stream().filter(c -> live(c, now)).toList();
  }

  @Override
  public List<ClientPresent> members(String room) {
    long now = clock.getAsLong();
    return clients.values().stream().filter(c -> c.rooms().contains(room) && live(c, now)).toList();
  }

  @Override
  public boolean isConnected(String clientId) {
    ClientPresent client = clients.get(clientId);
    return client != null && live(client, clock.getAsLong());
  }

  public Future<Void> close(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      if (reader != null) {
        reader.close(Duration.ofSeconds(5));
      }
      return null;
    });
  }
}
