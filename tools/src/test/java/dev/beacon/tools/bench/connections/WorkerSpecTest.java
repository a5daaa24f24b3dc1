package dev.beacon.tools.bench.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkerSpecTest {

  private static final List<URI> TWO =
      List.of(URI.create("ws://127.0.0.1:1/chat"), URI.create("ws://127.0.0.1:2/chat"));

  @Test
  @DisplayName("source addresses walk 127.0.1.1 upwards, 250 per third octet")
  void sourceAddresses() {
    assertThat(WorkerSpec.sourceAddress(0)).isEqualTo("127.0.1.1");
    assertThat(WorkerSpec.sourceAddress(249)).isEqualTo("127.0.1.250");
    assertThat(WorkerSpec.sourceAddress(250)).isEqualTo("127.0.2.1");
  }

  @Test
  @DisplayName("every pair of source address and target gets an equal share, over all workers")
  void evenSpread() {
    Map<String, Integer> perPair = new HashMap<>();
    for (int worker = 0; worker < 3; worker++) {
      WorkerSpec spec = new WorkerSpec(worker, 3, TWO, 2, 10, 10, false, 2, 60);
      for (long local = 0; local < 400; local++) {
        long n = spec.connectionNumber(local);
        perPair.merge(spec.sourceAddress(n) + ">" + spec.target(n).getPort(), 1, Integer::sum);
      }
    }
    assertThat(perPair).hasSize(4).allSatisfy((pair, count) -> assertThat(count).isEqualTo(300));
  }

  @Test
  @DisplayName("a spec survives its trip to the worker process as JSON")
  void json() {
    WorkerSpec spec = new WorkerSpec(1, 4, TWO, 8, 100, 256, true, 2, 3600);
    assertThat(WorkerSpec.fromJson(new JsonObject(spec.toJson().encode()))).isEqualTo(spec);
  }

  @Test
  @DisplayName(
      "a broadcast's text carries its number and send time, found wherever the server puts it")
  void broadcastText() {
    assertThat(ConnectionPool.broadcastText(7, 123456789L)).isEqualTo("bench:7:123456789:");
  }
}
