package dev.beacon.it.support;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One embedded Kafka broker for every integration test of this test JVM that needs a broker but
 * nothing special of it: started by the first {@link #tenant} call, stopped when the JVM exits.
 * Each test class takes a {@link KafkaTenant} of its own (its topic prefix, consumer groups and
 * transactional ids), so tests never read each other's records. A test that kills, cuts off,
 * secures or counts the broker, or that asserts on every topic the broker holds, starts its own
 * ({@link EmbeddedKafka#start}).
 */
public final class SharedKafka {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static EmbeddedKafka broker;

  private SharedKafka() {}

  /** A new corner of the shared broker, named after {@code testClass}. */
  public static KafkaTenant tenant(Class<?> testClass) {
    String name =
        "it"
            + TENANTS.incrementAndGet()
            + "-"
            + testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return new KafkaTenant(broker().bootstrap(), name);
  }

  private static synchronized EmbeddedKafka broker() {
    if (broker == null) {
      Path dir = tempDir();
      broker = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
      EmbeddedKafka started = broker;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    delete(dir);
                  },
                  "shared-kafka-stop"));
    }
    return broker;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("beacon-shared-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the shared broker's data directory", e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // The JVM is exiting; a temporary directory left behind is all that is lost.
    }
  }
}
