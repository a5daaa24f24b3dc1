package dev.beacon.gateway;

import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A backend inside one process, without Kafka: for an embedded gateway and for tests. By default
 * <ul>
 *   <li>messages are routed at once to this gateway's connections by the broadcaster's own rule
 *       ({@link MessageRouter}), with positions under an epoch drawn at start (unique, but nothing is kept, so a
 *       {@code since} is never recovered);</li>
 *   <li>presence is this process's ({@link GatewayPresence}, heartbeats applied locally);</li>
 *   <li>every fix is refused: no durable store could acknowledge it, and Beacon never sends a false {@code OK};</li>
 *   <li>operator commands reach this process's connections; it is always ready;</li>
 *   <li>device keys made through the admin API are kept in this process's memory ({@link DeviceKeyStore#inMemory()}):
 *       they work on this gateway until it stops, and on no other.</li>
 * </ul>
 * Each part can be replaced through the {@link Builder} (tests plug in their own sinks, readiness and recovery).
 */
public final class InProcessBackend implements Backend {

  /** Why an in-process gateway refuses fixes. */
  public static final String NO_KAFKA = "this embedded gateway runs without Kafka and cannot store GPS fixes";

  private final FixSink fixes;
  private final MessageSink givenMessages;
  private final Recovery recovery;
  private final Readiness readiness;
  private final Duration replyTimeout;
  private final DeviceKeyStore deviceKeys = DeviceKeyStore.inMemory();
  private Vertx vertx;
  private GatewayPresence presence;
  private MessageSink messages;
  private ControlSink control;

  private InProcessBackend(Builder b) {
    this.fixes = b.fixes;
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
    presence = new GatewayPresence(attached.gatewayId(), attached.presencePeriod(), record -> { },
        System::currentTimeMillis);
    presence.start(vertx);
    messages = givenMessages != null ? givenMessages : new Router(presence, attached.deliveries());
    control = ControlSink.local(attached.hub());
    return Future.succeededFuture();
  }

  @Override
  public FixSink fixes() {
    return fixes;
  }

  @Override
  public MessageSink messages() {
    return messages;
  }

  @Override
  public ClusterView view() {
    return presence;
  }

  @Override
  public PresencePublisher presence() {
    return presence;
  }

  @Override
  public Recovery recovery() {
    return recovery;
  }

  @Override
  public ControlSink control() {
    return control;
  }

  @Override
  public DeviceKeyStore deviceKeys() {
    return deviceKeys;
  }

  @Override
  public Readiness readiness() {
    return readiness;
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

  /** Routes each message at once to this process's connections; offsets are handed out in dispatch order. */
  private static final class Router implements MessageSink {
    private final String epoch = UUID.randomUUID().toString().substring(0, StreamPosition.EPOCH_LENGTH);
    private final ClusterView view;
    private final DeliveryFanOut deliveries;
    private long nextOffset;

    Router(ClusterView view, DeliveryFanOut deliveries) {
      this.view = view;
      this.deliveries = deliveries;
    }

    @Override
    public synchronized Future<Void> publish(MessageRecord message) {
      deliveries.dispatch(MessageRouter.route(message, view::isConnected), new StreamPosition(epoch, 0, nextOffset++));
      return Future.succeededFuture();
    }
  }

  /** The parts of an in-process backend; each defaults as described on {@link InProcessBackend}. */
  public static final class Builder {
    private FixSink fixes = fix -> Future.failedFuture(new IllegalStateException(NO_KAFKA));
    private MessageSink messages;
    private Recovery recovery = Recovery.none();
    private Readiness readiness = Readiness.ALWAYS;
    private Duration replyTimeout = Gateway.DEFAULT_REPLY_TIMEOUT;

    private Builder() {
    }

    public Builder fixes(FixSink sink) {
      fixes = Objects.requireNonNull(sink, "fixes");
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
