package dev.beacon.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), running inside this
 * JVM from the Maven Central artifacts: a cluster of its own by default, or one node of a
 * multi-node quorum ({@link KafkaBrokerConfig#quorum()}). Its storage lives under {@code
 * <dataDir>/kafka}, is formatted on first start, and survives restarts: the cluster id is kept
 * beside the logs.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaBrokerConfig config;
  private KafkaRaftServer server;

  private EmbeddedKafka(KafkaBrokerConfig config) {
    this.config = config;
  }

  /** Formats storage if needed, starts the broker and returns once it answers client requests. */
  public static EmbeddedKafka start(KafkaBrokerConfig config) {
    EmbeddedKafka kafka = new EmbeddedKafka(config);
    kafka.startServer();
    return kafka;
  }

  public String bootstrap() {
    return config.bootstrap();
  }

  public KafkaBrokerConfig config() {
    return config;
  }

  private void startServer() {
    long started = System.nanoTime();
    Properties props = config.brokerProperties();
    format(props);
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    awaitReady();
    log.info(
        "embedded Kafka ready on {} in {} ms (logs in {})",
        bootstrap(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        config.logDir());
  }

  private void format(Properties props) {
    try {
      Files.createDirectories(config.logDir());
      Path propsFile = config.logDir().resolveSibling("server.properties");
      try (var out = Files.newBufferedWriter(propsFile)) {
        props.store(out, "written by beacon at every start; edit BEACON_KAFKA_* settings instead");
      }
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      int exit =
          StorageTool.execute(
              new String[] {
                "format", "-t", clusterId(), "-c", propsFile.toString(), "--ignore-formatted"
              },
              new PrintStream(captured, true, StandardCharsets.UTF_8));
      if (exit != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage in "
                + config.logDir()
                + " failed (exit "
                + exit
                + "): "
                + captured.toString(StandardCharsets.UTF_8).strip()
                + "; if the directory holds another cluster's data, move it away or use another --data-dir");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka storage in " + config.logDir(), e);
    }
  }

  /**
   * The cluster id is chosen once and kept, so restarts find their own formatted storage; the nodes
   * of a quorum are all given the same one.
   */
  private String clusterId() throws IOException {
    Path file = config.logDir().resolveSibling("cluster.id");
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    KafkaQuorum quorum = config.quorum();
    String id =
        quorum != null && quorum.clusterId() != null
            ? quorum.clusterId()
            : Uuid.randomUuid().toString();
    Files.writeString(file, id);
    return id;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      while (true) {
        try {
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get();
          return;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "embedded Kafka did not become ready on "
                    + bootstrap()
                    + " within "
                    + READY_TIMEOUT.toSeconds()
                    + " s; is the port taken? set BEACON_KAFKA_PORT",
                e);
          }
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      log.info("stopping embedded Kafka on {}", bootstrap());
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
