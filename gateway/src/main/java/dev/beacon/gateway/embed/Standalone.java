package dev.beacon.gateway.embed;

import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.gateway.ConnectionListener;
import dev.beacon.gateway.FixSink;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.InProcessMessageSink;
import dev.beacon.gateway.MessagingBackend;
import dev.beacon.gateway.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * An embedded gateway without Kafka: messages routed in this process ({@link InProcessMessageSink}), presence kept
 * in this process, every fix refused (no durable store could acknowledge it, and Beacon never sends a false OK).
 */
final class Standalone {

  static final String NO_KAFKA = "this embedded gateway runs without Kafka and cannot store GPS fixes";

  private Standalone() {
  }

  static Future<Gateway> deploy(Vertx vertx, GatewayConfig config, ConnectionListener listener) {
    InProcessMessageSink messages = new InProcessMessageSink();
    MessagingBackend backend = MessagingBackend.local(messages);
    FixSink refuseFixes = fix -> Future.failedFuture(new IllegalStateException(NO_KAFKA));
    return Gateway.deploy(vertx, config, refuseFixes, backend, alwaysReady(),
            KafkaSettings.DEFAULT_ACK_TIMEOUT.plus(Gateway.REPLY_TIMER_MARGIN), listener)
        .onSuccess(gateway -> messages.routeTo(backend.view(), gateway.deliveries()));
  }

  private static Readiness alwaysReady() {
    return new Readiness() {
      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public String reason() {
        return "";
      }
    };
  }
}
