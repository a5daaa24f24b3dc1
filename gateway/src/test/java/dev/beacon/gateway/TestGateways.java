package dev.beacon.gateway;

import dev.beacon.gateway.backend.FixSink;
import dev.beacon.gateway.backend.MessageSink;
import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.runtime.devices.DeviceAuthMode;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Gateways on a free loopback port with one instance, an in-memory sink and a stub readiness. */
final class TestGateways {

  static final String GATEWAY_ID = "gw-test";
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  private TestGateways() {}

  /**
   * Anonymous devices write any id ({@code open}), as the seed's CSV trackers do: the tests here
   * predate keys.
   */
  static GatewayConfig config() {
    return GatewayConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .instances(1)
        .gatewayId(GATEWAY_ID)
        .deviceAuth(DeviceAuthMode.OPEN)
        .build();
  }

  static Gateway deploy(Vertx vertx, GatewayConfig config, FixSink sink, Duration replyTimeout) {
    return TestClient.await(
        Gateway.deploy(
            vertx,
            config,
            InProcessBackend.builder()
                .fixes(sink)
                .messages(MessageSink.unavailable())
                .readiness(new StubReadiness())
                .replyTimeout(replyTimeout)
                .build(),
            ConnectionListener.NONE));
  }

  /**
   * A gateway whose messages go to {@code messages}, which plays the broadcaster back into the
   * gateway.
   */
  static Gateway deployMessaging(Vertx vertx, GatewayConfig config, InMemoryMessageSink messages) {
    Gateway gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                config,
                InProcessBackend.builder()
                    .fixes(new ManualFixSink().autoAck())
                    .messages(messages)
                    .readiness(new StubReadiness())
                    .replyTimeout(REPLY_TIMEOUT)
                    .build(),
                ConnectionListener.NONE));
    messages.loopback(gateway.deliveries());
    return gateway;
  }

  static Gateway deploy(Vertx vertx, FixSink sink) {
    return deploy(vertx, config(), sink, REPLY_TIMEOUT);
  }
}
