package dev.beacon.it.faults;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A three-node KRaft cluster of real {@code beacon kafka} processes, each broker and controller,
 * formed into one quorum: the cluster a test can SIGKILL a node of. Nodes are numbered 1 to 3 as
 * their {@code node.id}.
 */
public final class BrokerQuorum implements AutoCloseable {

  /** A broker restarting after SIGKILL recovers its logs first: slow on a busy CI machine. */
  static final Duration WAIT = Duration.ofMinutes(4);

  static final int SIZE = 3;

  private final Path dir;
  private final int[] ports = new int[SIZE + 1];
  private final int[] controllerPorts = new int[SIZE + 1];
  private final BeaconProcess[] nodes = new BeaconProcess[SIZE + 1];
  private final String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  private final Admin admin;
  private int starts;

  private BrokerQuorum(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int id = 1; id <= SIZE; id++) {
      ports[id] = FreePorts.next();
      controllerPorts[id] = FreePorts.next();
    }
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000));
  }

  /**
   * Starts the three nodes at once (a lone node cannot elect a controller) and waits until all
   * three serve.
   */
  public static BrokerQuorum start(Path dir) {
    BrokerQuorum quorum = new BrokerQuorum(dir);
    try {
      for (int id = 1; id <= SIZE; id++) {
        quorum.launch(id);
      }
      quorum.awaitBrokers(SIZE);
      return quorum;
    } catch (RuntimeException | Error e) {
      quorum.close();
      throw e;
    }
  }

  /** Every node's client listener: what Beacon's services are given as BEACON_KAFKA_BOOTSTRAP. */
  public String bootstrap() {
    List<String> all = new ArrayList<>();
    for (int id = 1; id <= SIZE; id++) {
      all.add("127.0.0.1:" + ports[id]);
    }
    return String.join(",", all);
  }

  public Admin admin() {
    return admin;
  }

  /** SIGKILL node {@code id}: it loses what it had not flushed, as on a power cut. */
  public void kill(int id) {
    nodes[id].kill();
  }

  /** SIGTERM node {@code id}: a controlled shutdown that moves its leaderships away first. */
  public void stop(int id) {
    nodes[id].terminate();
  }

  /**
   * Starts node {@code id} again on its storage; returns once it is back in every partition's
   * in-sync set.
   */
  public Duration restart(int id) {
    long started = System.nanoTime();
    launch(id);
    awaitFullyReplicated();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The node leading the most partitions of {@code topic}. */
  public int leaderOfMost(String topic) {
    Map<Integer, Long> leaders =
        partitions(topic).stream()
            .filter(p -> p.leader() != null)
            .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
    return leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** The node coordinating the transactions of {@code transactionalId}. */
  public int transactionCoordinator(String transactionalId) {
    return call(a -> a.describeTransactions(Set.of(transactionalId)).description(transactionalId))
        .coordinatorId();
  }

  /** The node coordinating consumer group {@code groupId}. */
  public int groupCoordinator(String groupId) {
    return call(a -> a.describeConsumerGroups(Set.of(groupId)).describedGroups().get(groupId))
        .coordinator()
        .id();
  }

  /** Waits until every partition of every topic has all three replicas in sync again. */
  public void awaitFullyReplicated() {
    Await.until(
        "every partition to have " + SIZE + " in-sync replicas (logs in " + dir + ")",
        WAIT,
        () -> underReplicated().isEmpty());
  }

  private List<String> underReplicated() {
    try {
      Set<String> topics =
          admin
              .listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
              .names()
              .get(5, TimeUnit.SECONDS);
      Map<String, TopicDescription> all =
          admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
      List<String> lagging = new ArrayList<>();
      all.values()
          .forEach(
              t ->
                  t.partitions().stream()
                      .filter(p -> p.isr().size() < p.replicas().size() || p.leader() == null)
                      .forEach(p -> lagging.add(t.name() + "-" + p.partition())));
      return lagging;
    } catch (Exception e) {
      return List.of("(cluster not answering: " + e + ")");
    }
  }

  private List<TopicPartitionInfo> partitions(String topic) {
    return call(a -> a.describeTopics(Set.of(topic)).topicNameValues().get(topic)).partitions();
  }

  private <T> T call(Function<Admin, org.apache.kafka.common.KafkaFuture<T>> request) {
    try {
      return request.apply(admin).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("admin request to " + bootstrap() + " failed: " + e, e);
    }
  }

  private void awaitBrokers(int count) {
    Await.until(
        count + " brokers to serve clients (logs in " + dir + ")",
        WAIT,
        () -> {
          try {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .sorted(Comparator.naturalOrder())
                    .count()
                >= count;
          } catch (Exception e) {
            return false;
          }
        });
  }

  private void launch(int id) {
    starts++;
    List<String> voters = new ArrayList<>();
    for (int n = 1; n <= SIZE; n++) {
      voters.add(n + "@127.0.0.1:" + controllerPorts[n]);
    }
    nodes[id] =
        BeaconProcess.startWithJvmOptions(
            dir.resolve("kafka" + id + "-" + starts + ".log"),
            Map.of(),
            List.of("-Xmx384m"),
            "kafka",
            "--data-dir",
            dir.resolve("kafka" + id).toString(),
            "--kafka-port",
            String.valueOf(ports[id]),
            "--kafka-controller-port",
            String.valueOf(controllerPorts[id]),
            "--node-id",
            String.valueOf(id),
            "--quorum-voters",
            String.join(",", voters),
            "--cluster-id",
            clusterId);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
    for (BeaconProcess node : nodes) {
      if (node != null) {
        node.close();
      }
    }
  }
}
