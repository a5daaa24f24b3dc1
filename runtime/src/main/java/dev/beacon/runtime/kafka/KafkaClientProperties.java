package dev.beacon.runtime.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kafka client properties given by the operator, applied to every producer, consumer and admin
 * client Beacon creates, the way Kafka's own tools take {@code --command-config}: SASL, SSL,
 * timeouts, anything Kafka accepts. They come from a properties file ({@code BEACON_KAFKA_CONFIG})
 * and from environment variables {@code BEACON_KAFKA_CLIENT_<NAME>} ({@code
 * BEACON_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol}); the environment
 * wins over the file.
 *
 * <p>Properties that Beacon's guarantees rest on are refused ({@link #RESERVED}): acks and
 * idempotence (no false {@code OK}), manual commits (offsets after the SQLite commit), serializers,
 * ids, and the bootstrap servers (which have their own setting).
 */
public record KafkaClientProperties(Map<String, String> values) {

  /** The environment prefix of single properties. */
  public static final String ENV_PREFIX = "BEACON_KAFKA_CLIENT_";

  /**
   * Properties an operator may not set: Beacon sets them, and its delivery guarantees depend on
   * them.
   */
  public static final Set<String> RESERVED =
      Set.of(
          "bootstrap.servers",
          "client.id",
          "group.id",
          "group.instance.id",
          "acks",
          "enable.idempotence",
          "enable.auto.commit",
          "transactional.id",
          "isolation.level",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer");

  private static final Set<String> SECRET_WORDS =
      Set.of("password", "jaas", "secret", "token", "credential");

  public KafkaClientProperties {
    values = Map.copyOf(new TreeMap<>(values));
    Set<String> reserved =
        values.keySet().stream().filter(RESERVED::contains).collect(Collectors.toSet());
    if (!reserved.isEmpty()) {
      throw new IllegalArgumentException(
          "Kafka client properties "
              + new java.util.TreeSet<>(reserved)
              + " are set by Beacon and cannot be overridden; remove them from BEACON_KAFKA_CONFIG / "
              + ENV_PREFIX
              + "* (use BEACON_KAFKA_BOOTSTRAP for the servers)");
    }
  }

  public static KafkaClientProperties none() {
    return new KafkaClientProperties(Map.of());
  }

  /**
   * The properties of {@code file} (may be null: none) overlaid with the {@link #ENV_PREFIX}
   * variables of {@code env}.
   */
  public static KafkaClientProperties load(Path file, Map<String, String> env) {
    Map<String, String> values = new TreeMap<>();
    if (file != null) {
      values.putAll(fromFile(file));
    }
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            values.put(
                name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value);
          }
        });
    return new KafkaClientProperties(values);
  }

  private static Map<String, String> fromFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "BEACON_KAFKA_CONFIG "
              + file
              + " is not a readable file; give the path of "
              + "a Kafka client properties file (security.protocol=..., sasl.mechanism=..., ...)");
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read BEACON_KAFKA_CONFIG " + file, e);
    }
    Map<String, String> values = new TreeMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> values.put(name.strip(), properties.getProperty(name).strip()));
    return values;
  }

  /** Puts every property into {@code props}, over what is there, and returns {@code props}. */
  public Map<String, Object> applyTo(Map<String, Object> props) {
    props.putAll(values);
    return props;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Names and values, secrets masked: safe to log. */
  @Override
  public String toString() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "***" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains)
        || lower.endsWith(".key")
        || lower.contains("key.password");
  }
}
