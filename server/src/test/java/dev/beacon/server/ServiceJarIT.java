package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The service jar as the build packaged it ({@code target/beacon-server.jar}, after the package
 * phase): the services with Kafka's clients and nothing of the broker, Scala or the tools, and it
 * runs.
 */
@DisplayName("beacon-server.jar")
class ServiceJarIT {

  /**
   * Packages of the broker's artifacts (kafka_2.13, kafka-server, kafka-raft, kafka-metadata, ...),
   * Scala, the modules embedded, tools and distribution, and the client library. Kafka's jars are
   * built by Gradle and carry no META-INF/maven entry, so packages are what tell.
   */
  private static final List<String> FORBIDDEN_PACKAGES =
      List.of(
          "kafka/",
          "scala/",
          "org/apache/kafka/raft/",
          "org/apache/kafka/metadata/",
          "org/apache/kafka/controller/",
          "org/apache/kafka/image/",
          "org/apache/kafka/storage/",
          "org/apache/kafka/coordinator/",
          "org/apache/kafka/server/common/",
          "org/apache/kafka/server/config/",
          "org/apache/kafka/network/",
          "dev/beacon/embedded/",
          "dev/beacon/tools/",
          "dev/beacon/distribution/",
          "dev/beacon/client/");

  private static Path jar;
  private static Set<String> entries;
  private static Set<String> artifacts;

  @BeforeAll
  static void open() throws IOException {
    jar = Path.of(System.getProperty("beacon.server.jar", "target/beacon-server.jar"));
    assertThat(jar).as("the shaded service jar (mvn package builds it)").isRegularFile();
    entries = new TreeSet<>();
    artifacts = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        entries.add(entry.getName());
        if (entry.getName().startsWith("META-INF/maven/")
            && entry.getName().endsWith("/pom.properties")) {
          artifacts.add(artifact(file, entry));
        }
      }
    }
  }

  private static String artifact(JarFile file, JarEntry entry) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = file.getInputStream(entry)) {
      properties.load(in);
    }
    return properties.getProperty("groupId") + ":" + properties.getProperty("artifactId");
  }

  @Test
  @DisplayName("holds the services and Kafka's clients")
  void holdsTheServices() {
    assertThat(entries)
        .contains(
            "dev/beacon/server/BeaconServer.class",
            "dev/beacon/gateway/Gateway.class",
            "dev/beacon/ingestor/Ingestor.class",
            "dev/beacon/broadcaster/BroadcasterService.class",
            "org/apache/kafka/clients/producer/KafkaProducer.class",
            "logback.xml",
            "beacon-build.properties");
    assertThat(artifacts)
        .contains(
            "dev.beacon:beacon-gateway",
            "dev.beacon:beacon-ingestor",
            "dev.beacon:beacon-broadcaster");
  }

  @Test
  @DisplayName("has no broker, no Scala, no simulator, benchmark or client library")
  void hasNoBroker() {
    assertThat(artifacts)
        .as("artifacts shaded in")
        .noneMatch(
            a -> a.startsWith("org.apache.kafka:") && !a.equals("org.apache.kafka:kafka-clients"))
        .noneMatch(a -> a.startsWith("org.scala-lang:"))
        .doesNotContain(
            "dev.beacon:beacon-embedded",
            "dev.beacon:beacon-tools",
            "dev.beacon:beacon-distribution",
            "dev.beacon:beacon-client");
    assertThat(entries)
        .as("classes of the broker, Scala or the tools")
        .noneMatch(
            e -> e.endsWith(".class") && FORBIDDEN_PACKAGES.stream().anyMatch(e::startsWith));
  }

  @Test
  @DisplayName(
      "runs: java -jar beacon-server.jar --version, and lists only the service subcommands")
  void runs() throws Exception {
    assertThat(run("--version")).contains("Beacon ");
    assertThat(run("--help"))
        .contains("gateway", "ingestor", "broadcaster")
        .doesNotContain("simulate")
        .doesNotContain("bench");
  }

  private static String run(String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("beacon-server exited").isTrue();
    assertThat(process.exitValue()).as("exit status; output: %s", out).isZero();
    return out;
  }
}
