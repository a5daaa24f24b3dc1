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

  /**
   * A {@code SASL_PLAINTEXT} listener with the PLAIN mechanism and one user: what a secured company
   * cluster asks of Beacon's clients, for trying {@code BEACON_KAFKA_CONFIG} without one.
   */
  public record SaslPlainListener(int port, String username, String password) {

    /** A listener on a free loopback port for {@code username}. */
    public static SaslPlainListener onFreePort(String username, String password) {
      return new SaslPlainListener(freePort(), username, password);
    }

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
    return builder().dataDir(dataDir).port(freePort()).controllerPort(freePort()).build();
  }

  /**
   * A builder holding every default ({@value #DEFAULT_HOST}, ports {@value #DEFAULT_PORT} and
   * {@value #DEFAULT_CONTROLLER_PORT}, no SASL listener, a cluster of this node alone) but the data
   * directory; set what differs and {@link Builder#build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link KafkaBrokerConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private Path dataDir;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int controllerPort = DEFAULT_CONTROLLER_PORT;
    private SaslPlainListener saslPlain;
    private KafkaQuorum quorum;

    private Builder() {}

    private Builder(KafkaBrokerConfig c) {
      dataDir = c.dataDir;
      host = c.host;
      port = c.port;
      controllerPort = c.controllerPort;
      saslPlain = c.saslPlain;
      quorum = c.quorum;
    }

    /** Required: there is no default data directory. */
    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder controllerPort(int value) {
      controllerPort = value;
      return this;
    }

    /** A second client listener that takes SASL/PLAIN logins; null for none. */
    public Builder saslPlain(SaslPlainListener value) {
      saslPlain = value;
      return this;
    }

    /** This node's place in a multi-node cluster; null for a cluster of this node alone. */
    public Builder quorum(KafkaQuorum value) {
      quorum = value;
      return this;
    }

    /** Validates the settings; invalid ports throw IllegalArgumentException naming their knobs. */
    public KafkaBrokerConfig build() {
      return new KafkaBrokerConfig(dataDir, host, port, controllerPort, saslPlain, quorum);
    }
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
