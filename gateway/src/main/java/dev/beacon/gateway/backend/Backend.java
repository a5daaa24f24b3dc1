package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.PresenceRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything a gateway needs beyond its sockets, in the manner of centrifuge's {@code Node} with
 * its broker and presence manager: where fixes and messages go, who is connected, where operator
 * commands go, where missed messages are replayed from, whether the gateway may take traffic.
 * {@link dev.beacon.gateway.kafka.KafkaBackend} runs it on Kafka across a cluster; {@link
 * dev.beacon.gateway.inprocess.InProcessBackend} runs it in one process, for embedding and tests.
 *
 * <p>The gateway {@link #start}s its backend once its port is known and before it listens, and
 * {@link #close}s it after its connections are gone. Every part is shared by all event loops, so
 * each is thread-safe and never blocks.
 */
public interface Backend {

  /**
   * Margin of the gateway's own reply timer over the producer's delivery timeout, which should fire
   * first.
   */
  Duration REPLY_TIMER_MARGIN = Duration.ofSeconds(1);

  /**
   * How long a frame waits for a backend that does not say: the default Kafka ack timeout and the
   * margin.
   */
  Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(5).plus(REPLY_TIMER_MARGIN);

  /**
   * Starts what the backend runs (clients, readers, the presence heartbeat) for the gateway {@code
   * attached}. Deliveries it receives go to {@code attached.deliveries()}; operator commands to
   * {@code attached.connections()}. The parts below are called only after this future succeeded.
   */
  Future<Void> start(Vertx vertx, Attachment attached);

  /** What {@link #start} set up; called only after it succeeded. */
  Parts parts();

  /** Where accepted fixes go; a fix is {@code OK} only once this says it is stored. */
  default FixSink fixes() {
    return parts().fixes();
  }

  /** Where chat, broadcast and direct messages go. */
  default MessageSink messages() {
    return parts().messages();
  }

  /**
   * Where this gateway's sessions say who they are and which rooms they follow, and who is
   * connected cluster-wide.
   */
  default ClusterPresence presence() {
    return parts().presence();
  }

  /** Where a {@code subscribe} with {@code since} replays missed messages from. */
  default Recovery recovery() {
    return parts().recovery();
  }

  /**
   * Where {@code history} reads a room's latest messages from; without a durable log, nothing (an
   * empty page).
   */
  default ChannelHistory history() {
    return ChannelHistory.none();
  }

  /** Where operator commands (disconnect) go. */
  default ControlSink control() {
    return parts().control();
  }

  /**
   * Device keys: made and revoked through the admin API, checked on every upgrade and {@code KEY}
   * frame.
   */
  default DeviceKeyStore deviceKeys() {
    return parts().deviceKeys();
  }

  /**
   * Geofences, made, changed and deleted through the admin API; none by default (a backend without
   * an ingestor).
   */
  default GeofenceStore geofences() {
    return GeofenceStore.unavailable();
  }

  /** What {@code GET /ready} reports. */
  default Readiness readiness() {
    return parts().readiness();
  }

  /**
   * How long a frame waits for {@link #fixes()} or {@link #messages()} before it is answered with
   * an error.
   */
  Duration replyTimeout();

  /**
   * Stops and releases what {@link #start} started, in reverse order; failures are logged, never
   * thrown.
   */
  Future<Void> close();

  /**
   * The gateway a backend serves.
   *
   * @param gatewayId the gateway's id, in presence and on every record it writes
   * @param presencePeriod how often it heartbeats ({@code BEACON_PRESENCE_PERIOD})
   * @param deliveries where deliveries enter the gateway's event loops
   * @param connections the gateway's connections, for operator commands
   * @param presenceHeard hears every record of {@code beacon.presence} as the topic delivers it, on
   *     the reader's thread (join and leave events); a backend without the topic calls it with this
   *     gateway's own records
   */
  record Attachment(
      String gatewayId,
      Duration presencePeriod,
      DeliveryHandler deliveries,
      LocalConnections connections,
      Consumer<PresenceRecord> presenceHeard) {

    public Attachment(
        String gatewayId,
        Duration presencePeriod,
        DeliveryHandler deliveries,
        LocalConnections connections) {
      this(gatewayId, presencePeriod, deliveries, connections, record -> {});
    }
  }

  /**
   * The parts a started backend serves the gateway with, each described at its accessor above.
   *
   * @param fixes {@link Backend#fixes()}
   * @param messages {@link Backend#messages()}
   * @param presence {@link Backend#presence()}
   * @param recovery {@link Backend#recovery()}
   * @param control {@link Backend#control()}
   * @param deviceKeys {@link Backend#deviceKeys()}
   * @param readiness {@link Backend#readiness()}
   */
  record Parts(
      FixSink fixes,
      MessageSink messages,
      ClusterPresence presence,
      Recovery recovery,
      ControlSink control,
      DeviceKeyStore deviceKeys,
      Readiness readiness) {}
}
