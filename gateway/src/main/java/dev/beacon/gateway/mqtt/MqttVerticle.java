package dev.beacon.gateway.mqtt;

import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.gateway.trackers.TrackerIntake;
import dev.beacon.gateway.trackers.TrackerParts;
import dev.beacon.gateway.trackers.TrackerRefusal;
import dev.beacon.runtime.devices.DeviceAccess;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 listener ({@code BEACON_MQTT_PORT}, 1883): trackers publish fixes, nothing else
 * (docs/trackers.md). At CONNECT the password is the credential, a device key or a JWT (the user
 * name is free: the device id or the OwnTracks user); a refused credential gets return code 4 (bad
 * user name or password), no credential where one is required 5 (not authorized), MQTT 5 return
 * code 1 (unacceptable protocol version: 3.1 and 3.1.1 are spoken). Too many connections from one
 * address are refused as on {@code /ws} ({@code BEACON_MAX_CONNECTIONS_PER_IP}).
 *
 * <p>Keep-alive: a client's own keep-alive is enforced by Vert.x (closed after 1.5 times it without
 * a packet); one that asks for none (0) or for more than {@code BEACON_MQTT_MAX_KEEP_ALIVE} is held
 * to that maximum by a sweep. A packet above {@code BEACON_MQTT_MAX_PACKET_BYTES} closes the
 * connection.
 */
public final class MqttVerticle extends VerticleBase {

  static final String LISTENER = "mqtt";

  private static final Logger log = LoggerFactory.getLogger(MqttVerticle.class);

  private final TrackerParts parts;
  private final TrackerConfig config;
  private final Set<MqttSession> heldToMaximum = new HashSet<>();
  private TrackerIntake intake;
  private MqttServer server;
  private long sweep = -1;

  public MqttVerticle(TrackerParts parts) {
    this.parts = parts;
    this.config = parts.config();
  }

  @Override
  public Future<?> start() {
    intake = TrackerIntake.start(vertx, parts);
    server =
        MqttServer.create(
                vertx,
                new MqttServerOptions()
                    .setMaxMessageSize(config.mqttMaxPacketBytes())
                    .setAutoClientId(true)
                    .setTimeoutOnConnect((int) config.mqttConnectTimeout().toSeconds()))
            .endpointHandler(this::connect)
            .exceptionHandler(e -> log.debug("MQTT connection failed: {}", e.toString()));
    long maxNanos = maxSilentNanos();
    sweep =
        vertx.setPeriodic(
            Math.max(1000, TimeUnit.NANOSECONDS.toMillis(maxNanos) / 4),
            id -> closeSilent(maxNanos));
    return server.listen(config.mqttPort(), parts.host());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweep);
    intake.stop();
    return server.close();
  }

  private long maxSilentNanos() {
    return config.mqttMaxKeepAlive().toNanos() * 3 / 2;
  }

  private void connect(MqttEndpoint endpoint) {
    if (endpoint.protocolVersion() > 4) {
      refuse(
          endpoint,
          MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
          "protocol_version");
      return;
    }
    // Read once, now: a closed endpoint refuses remoteAddress(), and the per-address count taken
    // here must be released whenever and however the connection ends.
    SocketAddress address = endpoint.remoteAddress();
    if (!parts.security().acceptConnection(address)) {
      refuse(
          endpoint,
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
          "too_many_connections");
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            parts.security().connectionClosed(address);
          }
        };
    // Until admitted, a client that leaves (even while its credential is checked) releases its
    // count here; admit() replaces this handler with the session's.
    endpoint.closeHandler(v -> release.run());
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    intake
        .identify(LISTENER, password)
        .onComplete(
            identified -> {
              if (identified.failed()) {
                log.debug(
                    "MQTT client {} refused: {}",
                    endpoint.clientIdentifier(),
                    TrackerRefusal.ofPublication(identified.cause()).describe());
                refuseCounted(
                    endpoint,
                    release,
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "bad_credentials");
              } else if (!mayWriteAnything(identified.result())) {
                refuseCounted(
                    endpoint,
                    release,
                    MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "not_authorized");
              } else {
                admit(endpoint, release, identified.result());
              }
            });
  }

  /** Anonymous access on an authenticated gateway: nothing it sent could be taken. */
  private static boolean mayWriteAnything(DeviceAccess access) {
    return access.identified() || access.refusal("any") == null;
  }

  private void admit(MqttEndpoint endpoint, Runnable release, DeviceAccess access) {
    MqttSession session = MqttSession.open(endpoint, intake, access);
    int keepAlive = endpoint.keepAliveTimeSeconds();
    boolean beyondMaximum = keepAlive == 0 || keepAlive > config.mqttMaxKeepAlive().toSeconds();
    if (beyondMaximum) {
      heldToMaximum.add(session);
    }
    endpoint.closeHandler(
        v -> {
          session.closed();
          heldToMaximum.remove(session);
          release.run();
        });
  }

  private void closeSilent(long maxNanos) {
    long now = System.nanoTime();
    for (MqttSession session : Set.copyOf(heldToMaximum)) {
      if (session.silentNanos(now) > maxNanos) {
        log.debug("MQTT client closed: silent beyond BEACON_MQTT_MAX_KEEP_ALIVE x 1.5");
        session.close();
      }
    }
  }

  private void refuseCounted(
      MqttEndpoint endpoint, Runnable release, MqttConnectReturnCode code, String reason) {
    release.run();
    refuse(endpoint, code, reason);
  }

  private void refuse(MqttEndpoint endpoint, MqttConnectReturnCode code, String reason) {
    intake.metrics().connectionRefused(LISTENER, reason);
    endpoint.reject(code);
  }
}
