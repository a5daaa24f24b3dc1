package dev.beacon.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.gateway.TestClient;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KafkaFixSinkTest {

  private static final GpsFix FIX =
      GpsFix.of("32", 1_681_593_747_000L, 44.8159745, 20.4601243)
          .receivedBy("gw-1", 1_700_000_000_123L);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private Vertx vertx;
  private KafkaFixSink sink;

  @BeforeEach
  void create(Vertx vertx) {
    this.vertx = vertx;
    sink = new KafkaFixSink(vertx, producer, Topics.GPS);
  }

  @Test
  @DisplayName(
      "a fix goes to beacon.gps keyed by device id, and completes on the caller's context after the ack")
  void publishesKeyedRecord() throws Exception {
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Boolean> completedOnCaller = new CompletableFuture<>();
    caller.runOnContext(
        v ->
            sink.publish(FIX)
                .onComplete(
                    result ->
                        completedOnCaller.complete(
                            result.succeeded() && Vertx.currentContext() == caller)));
    awaitRecords(1);

    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(Topics.GPS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("32");
    assertThat(GpsRecordCodec.decode(record.value())).isEqualTo(FIX);
    assertThat(completedOnCaller).isNotDone();
    assertThat(sink.inFlight()).isEqualTo(1);

    producer.completeNext();
    assertThat(completedOnCaller.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(sink.inFlight()).isZero();
  }

  @Test
  @DisplayName("a failed send fails the fix's future with the Kafka error")
  void failedSend() {
    Future<Void> published = onContext(() -> sink.publish(FIX));
    awaitRecords(1);
    producer.errorNext(new NotEnoughReplicasException("not enough replicas"));

    Throwable failure = TestClient.awaitFailure(published);
    assertThat(failure).isInstanceOf(NotEnoughReplicasException.class);
  }

  @Test
  @DisplayName("close closes the shared producer")
  void closeClosesProducer() {
    onContext(() -> sink.publish(FIX));
    awaitRecords(1);
    TestClient.await(sink.close(Duration.ofSeconds(1)));

    assertThat(producer.closed()).isTrue();
  }

  private Future<Void> onContext(java.util.function.Supplier<Future<Void>> action) {
    CompletableFuture<Future<Void>> holder = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> holder.complete(action.get()));
    return holder.join();
  }

  private void awaitRecords(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (producer.history().size() < count) {
      assertThat(System.nanoTime()).as("%d records sent within 5 s", count).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
