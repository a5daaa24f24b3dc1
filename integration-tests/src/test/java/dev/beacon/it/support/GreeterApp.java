package dev.beacon.it.support;

import dev.beacon.gateway.embed.EmbeddedGateway;
import dev.beacon.gateway.session.ConnectionInfo;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small application that embeds a Beacon gateway the way a user would: it greets each client by
 * the name in its {@code X-User} handshake header, answers {@code whoami} with a message of its
 * own, and records what its listeners heard.
 */
public final class GreeterApp {

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private EmbeddedGateway gateway;

  /** Starts the embedded gateway on a free port under {@code /app}. */
  public Future<GreeterApp> start(KafkaSettings kafka, String gatewayId) {
    return EmbeddedGateway.builder()
        .kafka(kafka)
        .gatewayId(gatewayId)
        .instances(1)
        .pathPrefix("/app")
        .maxClients(100)
        .drain(Duration.ZERO, Duration.ofMillis(500))
        .onConnect(this::connected)
        .onMessage(this::received)
        .onDisconnect((c, code, reason) -> events.add("disconnect " + name(c) + " " + code))
        .start()
        .map(
            started -> {
              gateway = started;
              return this;
            });
  }

  private void connected(ConnectionInfo c) {
    events.add("connect " + name(c) + " " + c.path());
  }

  private void received(ConnectionInfo c, String text) {
    events.add("message " + name(c) + " " + text);
    if (text.contains("whoami")) {
      gateway.send(c.id(), "you are " + name(c));
    }
  }

  private static String name(ConnectionInfo c) {
    String user = c.header("X-User");
    return user == null ? "anonymous" : user;
  }

  public EmbeddedGateway gateway() {
    return gateway;
  }

  /** The next listener event, or null if none within {@code timeout}. */
  public String nextEvent(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
