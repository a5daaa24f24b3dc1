package dev.beacon.gateway.inprocess;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.ClusterPresence;
import dev.beacon.gateway.backend.ControlSink;
import dev.beacon.gateway.backend.DeliveryHandler;
import dev.beacon.gateway.backend.DeliveryTiming;
import dev.beacon.gateway.backend.DeviceKeyStore;
import dev.beacon.gateway.backend.FixSink;
import dev.beacon.gateway.backend.GatewayPresence;
import dev.beacon.gateway.backend.MessageSink;
import dev.beacon.gateway.backend.Readiness;
import dev.beacon.gateway.backend.Recovery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A backend inside one process, without Kafka: for an embedded gateway and for tests. It serves
 * every feature of the Kafka backend within this process, except what needs a durable log:
 *
 * <ul>
 *   <li>messages are routed at once to this gateway's connections by the broadcaster's own rule
 *       ({@link MessageRouter}), with positions under an epoch drawn at start;
 *   <li>recovery: a {@code since} is never recovered ({@code recovered: false}), since nothing is
 *       kept to replay;
 *   <li>GPS: a fix is handed to the application's fix listener ({@link Builder#onFix}) and relayed
 *       to the followers of its {@code gps:<deviceId>} room and of {@code gps:*}, as the
 *       broadcaster's GPS relay does, and acknowledged once the listener returned. Without a
 *       listener every fix is refused ({@value #NO_FIX_LISTENER}): nothing would keep it, and
 *       Beacon never sends a false {@code OK};
 *   <li>presence is this process's ({@link GatewayPresence}, heartbeats applied locally);
 *   <li>operator commands reach this process's connections; it is always ready;
 *   <li>device keys made through the admin API are kept in this process's memory ({@link
 *       DeviceKeyStore#inMemory()}): they work on this gateway until it stops, and on no other.
 * </ul>
 *
 * Each part can be replaced through the {@link Builder} (tests plug in their own sinks, readiness
 * and recovery).
 */
public final class InProcessBackend implements Backend {

  /** Why an in-process gateway without a fix listener refuses fixes. */
  public static final String NO_FIX_LISTENER =
      "this embedded gateway runs without Kafka and without a fix listener,"
          + " so nothing would keep GPS fixes";

  private final FixSink givenFixes;
  private final Consumer<GpsFix> fixListener;
  private final MessageSink givenMessages;
  private final Recovery recovery;
  private final Readiness readiness;
  private final Duration replyTimeout;
  private final DeviceKeyStore deviceKeys = DeviceKeyStore.inMemory();
  private Vertx vertx;
  private GatewayPresence presence;
  private Parts parts;

  private InProcessBackend(Builder b) {
    this.givenFixes = b.fixes;
    this.fixListener = b.fixListener;
    this.givenMessages = b.messages;
    this.recovery = b.recovery;
    this.readiness = b.readiness;
    this.replyTimeout = b.replyTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Future<Void> start(Vertx vertx, Attachment attached) {
    this.vertx = vertx;
    presence =
        new GatewayPresence(
            attached.gatewayId(),
            attached.presencePeriod(),
            attached.presenceHeard(),
            System::currentTimeMillis);
    presence.start(vertx);
    Router router = new Router(presence, attached.deliveries());
    FixSink fixes =
        givenFixes != null
            ? givenFixes
            : fixListener != null ? fixesTo(fixListener, router) : refusingFixes();
    parts =
        new Parts(
            fixes,
            givenMessages != null ? givenMessages : router,
            presence,
            recovery,
            ControlSink.local(attached.connections()),
            deviceKeys,
            readiness);
    return Future.succeededFuture();
  }

  /**
   * Each fix to {@code listener}, then to its live followers; acknowledged once the listener has
   * it.
   */
  private static FixSink fixesTo(Consumer<GpsFix> listener, Router router) {
    return fix -> {
      try {
        listener.accept(fix);
      } catch (RuntimeException e) {
        return Future.failedFuture(
            new IllegalStateException("the application's fix listener failed: " + e, e));
      }
      router.relay(fix);
      return Future.succeededFuture();
    };
  }

  private static FixSink refusingFixes() {
    return fix -> Future.failedFuture(new IllegalStateException(NO_FIX_LISTENER));
  }

  @Override
  public Parts parts() {
    return parts;
  }

  @Override
  public Duration replyTimeout() {
    return replyTimeout;
  }

  @Override
  public Future<Void> close() {
    if (presence != null) {
      presence.stop(vertx);
    }
    return Future.succeededFuture();
  }

  /**
   * Routes messages and relays fixes at once to this process's connections, in the broadcaster's
   * place; offsets are handed out in dispatch order under one epoch.
   */
  private static final class Router implements MessageSink {
    private final String epoch =
        UUID.randomUUID().toString().substring(0, StreamPosition.EPOCH_LENGTH);
    private final ClusterPresence view;
    private final DeliveryHandler deliveries;
    private long nextOffset;

    Router(ClusterPresence view, DeliveryHandler deliveries) {
      this.view = view;
      this.deliveries = deliveries;
    }

    @Override
    public synchronized Future<Void> publish(MessageRecord message) {
      dispatch(MessageRouter.route(message, view::isConnected));
      return Future.succeededFuture();
    }

    /**
     * To the followers of the fix's device room and of {@code gps:*}, as the broadcaster's GPS
     * relay does.
     */
    synchronized void relay(GpsFix fix) {
      String room = RoomNames.gpsRoom(fix.deviceId());
      String id = "gps-" + nextOffset;
      if (RoomNames.isValid(room)
          && !room.equals(RoomNames.GPS_ALL)
          && !view.members(room).isEmpty()) {
        dispatch(DeliveryRecord.toRoom(room, id, ServerMessages.gps(fix, room)));
      }
      if (!view.members(RoomNames.GPS_ALL).isEmpty()) {
        dispatch(
            DeliveryRecord.toRoom(
                RoomNames.GPS_ALL, id, ServerMessages.gps(fix, RoomNames.GPS_ALL)));
      }
    }

    private void dispatch(DeliveryRecord delivery) {
      deliveries.dispatch(
          delivery, new StreamPosition(epoch, 0, nextOffset++), DeliveryTiming.NONE);
    }
  }

  /** The parts of an in-process backend; each defaults as described on {@link InProcessBackend}. */
  public static final class Builder {
    private FixSink fixes;
    private Consumer<GpsFix> fixListener;
    private MessageSink messages;
    private Recovery recovery = Recovery.none();
    private Readiness readiness = Readiness.ALWAYS;
    private Duration replyTimeout = Backend.DEFAULT_REPLY_TIMEOUT;

    private Builder() {}

    /** Fixes to {@code sink} instead of the fix listener and the live relay. */
    public Builder fixes(FixSink sink) {
      fixes = Objects.requireNonNull(sink, "fixes");
      return this;
    }

    /**
     * Hands every accepted fix, stamped with this gateway's id and its arrival time, to {@code
     * listener}; the device gets its {@code OK} once the listener returned, an error when it threw.
     * Called on the connection's event loop: the listener must return quickly and never block (hand
     * slow work to a worker).
     */
    public Builder onFix(Consumer<GpsFix> listener) {
      fixListener = Objects.requireNonNull(listener, "fix listener");
      return this;
    }

    /** Messages to {@code sink} instead of the in-process router. */
    public Builder messages(MessageSink sink) {
      messages = Objects.requireNonNull(sink, "messages");
      return this;
    }

    public Builder recovery(Recovery value) {
      recovery = Objects.requireNonNull(value, "recovery");
      return this;
    }

    public Builder readiness(Readiness value) {
      readiness = Objects.requireNonNull(value, "readiness");
      return this;
    }

    public Builder replyTimeout(Duration value) {
      replyTimeout = Objects.requireNonNull(value, "replyTimeout");
      return this;
    }

    public InProcessBackend build() {
      return new InProcessBackend(this);
    }
  }
}
