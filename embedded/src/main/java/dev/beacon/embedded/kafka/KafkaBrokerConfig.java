package dev.beacon.embedded.kafka;

import dev.beacon.embedded.LoopbackPorts;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settings of the embedded broker: a single node by default, or one node of a multi-node KRaft
 * quorum.
 *
 * @param dataDir Beacon's data directory; the broker keeps its logs in {@code <dataDir>/kafka/logs}
 * @param host listener address ({@code BEACON_KAFKA_HOST}, default 127.0.0.1)
 * @param port client listener port ({@code BEACON_KAFKA_PORT}, default 9092)
 * @param controllerPort KRaft controller port ({@code BEACON_KAFKA_CONTROLLER_PORT}, default 9093)
 * @param saslPlain a second client listener that takes SASL/PLAIN logins, or null for none
 * @param quorum this node's place in a multi-node cluster, or null for a cluster of this node alone
 */
public record KafkaBrokerConfig(
    Path dataDir,
    String host,
    int port,
    int controllerPort,
    SaslPlainListener saslPlain,
    KafkaQuorum quorum) {

  public KafkaBrokerConfig(
      Path dataDir, String host, int port, int controllerPort, SaslPlainListener saslPlain) {
    this(dataDir, host, port, controllerPort, saslPlain, null);
  }

  /** The same broker as node {@code quorum.nodeId()} of a multi-node cluster. */
  public KafkaBrokerConfig inQuorum(KafkaQuorum quorum) {
    return new KafkaBrokerConfig(dataDir, host, port, controllerPort, saslPlain, quorum);
  }

  /**
   * A {@code SASL_PLAINTEXT} listener with the PLAIN mechanism and one user: what a secured company
   * cluster asks of Beacon's clients, for trying {@code BEACON_KAFKA_CONFIG} without one.
   */
  public record SaslPlainListener(int port, String username, String password) {

    /** The client properties that log in on this listener. */
    public java.util.Map<String, String> clientProperties() {
      return java.util.Map.of(
          "security.protocol",
          "SASL_PLAINTEXT",
          "sasl.mechanism",
          "PLAIN",
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + username
              + "\" password=\""
              + password
              + "\";");
    }
  }

  public KafkaBrokerConfig(Path dataDir, String host, int port, int controllerPort) {
    this(dataDir, host, port, controllerPort, null);
  }

  /** The same broker with a SASL/PLAIN listener on a free port for {@code username}. */
  public KafkaBrokerConfig withSaslPlainListener(String username, String password) {
    return new KafkaBrokerConfig(
        dataDir,
        host,
        port,
        controllerPort,
        new SaslPlainListener(freePort(), username, password),
        quorum);
  }

  /** {@code host:port} of the SASL/PLAIN listener. */
  public String saslBootstrap() {
    return host + ":" + saslPlain.port();
  }

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;

  public KafkaBrokerConfig {
    if (port < 1 || controllerPort < 1 || port == controllerPort) {
      throw new IllegalArgumentException(
          "Kafka needs two distinct ports, got "
              + port
              + " and "
              + controllerPort
              + "; set BEACON_KAFKA_PORT and BEACON_KAFKA_CONTROLLER_PORT");
    }
  }

  /**
   * A broker on two free loopback ports: for tests and benchmarks that must not clash with a
   * running one.
   */
  public static KafkaBrokerConfig onFreePorts(Path dataDir) {
    return new KafkaBrokerConfig(dataDir, DEFAULT_HOST, freePort(), freePort());
  }

  public String bootstrap() {
    return host + ":" + port;
  }

  public Path logDir() {
    return dataDir.resolve("kafka").resolve("logs");
  }

  Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    KafkaQuorum q = quorum != null ? quorum : KafkaQuorum.single(host + ":" + controllerPort);
    p.put("node.id", String.valueOf(q.nodeId()));
    p.put("controller.quorum.voters", q.voters());
    p.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    if (saslPlain != null) {
      String sasl = "SASL_PLAINTEXT://" + host + ":" + saslPlain.port();
      p.put("listeners", p.get("listeners") + "," + sasl);
      p.put("advertised.listeners", p.get("advertised.listeners") + "," + sasl);
      p.put(
          "listener.security.protocol.map",
          p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
      p.put("sasl.enabled.mechanisms", "PLAIN");
      p.put(
          "listener.name.sasl_plaintext.plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + saslPlain.username()
              + "\" password=\""
              + saslPlain.password()
              + "\" user_"
              + saslPlain.username()
              + "=\""
              + saslPlain.password()
              + "\";");
    }
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir().toAbsolutePath().toString());
    p.putAll(q.internalTopicProperties());
    // Created when the broadcaster first begins a transaction, during beacon local's start: 50
    // partitions by default.
    p.put("transaction.state.log.num.partitions", "10");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  static int freePort() {
    return LoopbackPorts.next();
  }
}
