package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.distribution.cli.EmbeddedKafkaOptions;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.Nginx;
import dev.beacon.server.cli.LogOptions;
import dev.beacon.tools.cli.ChatCommand;
import java.io.IOException;
import java.lang.reflect.AccessibleObject;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Option;

/**
 * {@code distribution/docker-compose.yml} against the real configuration: every {@code BEACON_*}
 * variable it sets is an option of {@code beacon} (read from the picocli annotations) or a
 * placeholder of the nginx template, every Beacon service and the load balancer are health-checked
 * on {@code /ready}, the load balancer and Prometheus address every gateway, and Debian's {@code
 * docker-compose config} accepts the file (no Docker engine needed). Safe as shipped: nothing but
 * nginx is published beyond the host's loopback, every secret is a required variable with no
 * default, Grafana has no anonymous access, devices must authenticate and the ingestor reads with a
 * token.
 */
class ComposeFileTest {

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(BEACON_[A-Z0-9_]+):-");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(BEACON_[A-Z0-9_]+)}");
  private static final List<String> GATEWAYS = List.of("gateway1", "gateway2", "gateway3");

  /** Services with a health check of their own kind, or none: a one-shot job. */
  private static final Set<String> NOT_ON_READY =
      Set.of("kafka", "kafka2", "kafka3", "prometheus", "grafana", "certs");

  /**
   * The compose file's secrets, each in distribution/.env (distribution/.env.example lists them,
   * empty).
   */
  private static final List<String> REQUIRED_SECRETS =
      List.of("BEACON_ADMIN_TOKEN", "BEACON_INGESTOR_READ_TOKEN", "GRAFANA_ADMIN_PASSWORD");

  private static final Pattern SECRET_NAME = Pattern.compile("TOKEN|SECRET|PASSWORD|_KEY$");

  /** Names that look like secrets but hold a path to one. */
  private static final Set<String> NOT_SECRETS = Set.of("BEACON_NGINX_KEY");

  private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z0-9_]+):?-");

  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    compose = new Yaml().load(Files.readString(composeFile()));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  static Path composeFile() {
    return Path.of(System.getProperty("beacon.compose.file", "../distribution/docker-compose.yml"));
  }

  @Test
  @DisplayName(
      "brings up Kafka in KRaft mode, three gateways, the broadcaster, the ingestor with a volume, nginx and Prometheus")
  void services() {
    assertThat(services)
        .containsKeys(
            "kafka",
            "gateway1",
            "gateway2",
            "gateway3",
            "broadcaster",
            "ingestor",
            "lb",
            "prometheus");
    assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
    assertThat(env("kafka").get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    assertThat(env("ingestor").get("BEACON_DATA_DIR")).isEqualTo("/data");
    assertThat(strings(services.get("ingestor").get("volumes")))
        .anyMatch(v -> v.endsWith(":/data"));
    GATEWAYS.forEach(
        g -> assertThat(strings(services.get(g).get("command"))).containsExactly("gateway"));
    assertThat(GATEWAYS.stream().map(g -> env(g).get("BEACON_GATEWAY_ID")).distinct())
        .hasSize(GATEWAYS.size());
  }

  @Test
  @DisplayName("every BEACON_ variable of a Beacon service is a real option of the beacon command")
  void beaconVariablesAreOptions() throws Exception {
    Set<String> options = optionVariables();
    assertThat(options)
        .contains(
            "BEACON_KAFKA_BOOTSTRAP",
            "BEACON_GATEWAY_PORT",
            "BEACON_LOG_FORMAT",
            "BEACON_BROADCASTER_HTTP_PORT");
    for (String service : beaconServices()) {
      assertThat(env(service).keySet())
          .as("variables of %s", service)
          .filteredOn(name -> name.startsWith("BEACON_"))
          .isSubsetOf(options);
    }
    assertThat(env("gateway1").get("BEACON_LOG_FORMAT")).isIn(LogOptions.FORMATS);
  }

  @Test
  @DisplayName(
      "the load balancer's variables are exactly the nginx template's placeholders, and address every gateway")
  void loadBalancerAddressesTheGateways() throws IOException {
    Set<String> placeholders = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(Files.readString(Nginx.template()));
    while (matcher.find()) {
      placeholders.add(matcher.group(1));
    }
    Map<String, Object> lb = env("lb");
    assertThat(new TreeSet<>(lb.keySet()).headSet("BEACON_\uffff").tailSet("BEACON_"))
        .isEqualTo(placeholders);
    List<String> upstreams =
        Stream.of("BEACON_GW1", "BEACON_GW2", "BEACON_GW3").map(k -> (String) lb.get(k)).toList();
    assertThat(upstreams)
        .containsExactlyInAnyOrderElementsOf(
            GATEWAYS.stream().map(g -> g + ":" + env(g).get("BEACON_GATEWAY_PORT")).toList());
    assertThat(dependsOnHealthy("lb")).containsAll(GATEWAYS);
  }

  @Test
  @DisplayName(
      "Beacon services and the load balancer are health-checked on /ready; Beacon waits for a healthy Kafka")
  void healthChecksUseReady() {
    for (String service : services.keySet()) {
      if (NOT_ON_READY.contains(service)) {
        continue;
      }
      assertThat(healthTest(service)).as("health check of %s", service).contains("/ready");
    }
    assertThat(healthTest("kafka")).contains("kafka-broker-api-versions");
    for (String service : beaconServices()) {
      assertThat(dependsOnHealthy(service)).as("%s depends on", service).contains("kafka");
    }
  }

  @Test
  @DisplayName(
      "Prometheus scrapes every gateway, the ingestor and the broadcaster on their configured ports")
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryService() throws IOException {
    Map<String, Object> prometheus =
        new Yaml()
            .load(Files.readString(composeFile().resolveSibling("prometheus/prometheus.yml")));
    List<String> targets = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
        targets.addAll((List<String>) config.get("targets"));
      }
    }
    List<String> expected =
        new ArrayList<>(
            GATEWAYS.stream().map(g -> g + ":" + env(g).get("BEACON_INTERNAL_PORT")).toList());
    expected.add("ingestor:" + env("ingestor").get("BEACON_INGESTOR_PORT"));
    expected.add("broadcaster:" + env("broadcaster").get("BEACON_BROADCASTER_HTTP_PORT"));
    assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName(
      "three Kafka nodes form one quorum, replicate everything three times, and every Beacon service knows all three")
  void kafkaCluster() {
    List<String> nodes = List.of("kafka", "kafka2", "kafka3");
    String voters = "1@kafka:9093,2@kafka2:9093,3@kafka3:9093";
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> env = env(nodes.get(i));
      assertThat(services.get(nodes.get(i)).get("image"))
          .as(nodes.get(i))
          .isEqualTo(services.get("kafka").get("image"));
      assertThat(env.get("KAFKA_NODE_ID")).as(nodes.get(i)).isEqualTo(String.valueOf(i + 1));
      assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).as(nodes.get(i)).isEqualTo(voters);
      assertThat(env.get("CLUSTER_ID")).as(nodes.get(i)).isEqualTo(env("kafka").get("CLUSTER_ID"));
      assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))
          .as(nodes.get(i))
          .isEqualTo("3");
      assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).as(nodes.get(i)).isEqualTo("3");
      assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).as(nodes.get(i)).isEqualTo("2");
    }
    assertThat(nodes.stream().map(n -> strings(services.get(n).get("volumes")).get(0)).distinct())
        .as("a volume per node")
        .hasSize(3);
    for (String service : beaconServices()) {
      assertThat((String) env(service).get("BEACON_KAFKA_BOOTSTRAP"))
          .as("bootstrap of %s", service)
          .isEqualTo("kafka:9092,kafka2:9092,kafka3:9092");
      assertThat(dependsOnHealthy(service)).as("%s depends on", service).containsAll(nodes);
    }
  }

  @Test
  @DisplayName(
      "Kafka is the version Beacon embeds and tests with, keeps its log on a named volume, and has a host listener")
  void kafkaDurableAndReachable() {
    String version = System.getProperty("beacon.kafka.version");
    assertThat(version).as("beacon.kafka.version from pom.xml").isNotBlank();
    assertThat(services.get("kafka").get("image"))
        .isEqualTo("apache/kafka:" + version)
        .isEqualTo(KafkaImagePipelineIT.DEFAULT_IMAGE);
    String logDir = (String) env("kafka").get("KAFKA_LOG_DIRS");
    assertThat(strings(services.get("kafka").get("volumes")))
        .anyMatch(
            v ->
                v.endsWith(":" + logDir)
                    && namedVolumes().contains(v.substring(0, v.indexOf(':'))));
    assertThat((String) env("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
        .contains("HOST://localhost:29092");
    assertThat((String) env("kafka").get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
        .contains("HOST:PLAINTEXT");
    assertThat(strings(services.get("kafka").get("ports")))
        .as("host listener, loopback only")
        .containsExactly("127.0.0.1:29092:29092");
  }

  @Test
  @DisplayName("every long-running service has a memory limit, and every JVM a heap sized below it")
  void memoryLimits() {
    for (String service : services.keySet()) {
      if (!"certs".equals(service)) {
        assertThat(services.get(service).get("mem_limit"))
            .as("mem_limit of %s", service)
            .isNotNull();
      }
    }
    for (String service : beaconServices()) {
      assertThat((String) env(service).get("JAVA_TOOL_OPTIONS"))
          .as("heap of %s", service)
          .contains("-XX:MaxRAMPercentage=");
    }
    assertThat(megabytes((String) services.get("kafka").get("mem_limit")))
        .isGreaterThan(
            megabytes(
                ((String) env("kafka").get("KAFKA_HEAP_OPTS")).replaceAll(".*-Xmx(\\S+).*", "$1")));
  }

  @Test
  @DisplayName("gateways trust nginx's X-Forwarded-For by the compose network's range")
  @SuppressWarnings("unchecked")
  void trustedProxiesCoverTheNetwork() {
    Map<String, Object> network =
        (Map<String, Object>) ((Map<String, Object>) compose.get("networks")).get("default");
    List<Map<String, Object>> ipam =
        (List<Map<String, Object>>) ((Map<String, Object>) network.get("ipam")).get("config");
    String subnet = (String) ipam.get(0).get("subnet");
    GATEWAYS.forEach(g -> assertThat(env(g).get("BEACON_TRUSTED_PROXIES")).as(g).isEqualTo(subnet));
  }

  @Test
  @DisplayName(
      "the gateways' admin API and /metrics are on an internal port that nginx neither proxies nor exposes")
  void operatorEndpointsStayInside() throws IOException {
    for (String gateway : GATEWAYS) {
      assertThat(env(gateway).get("BEACON_INTERNAL_PORT"))
          .as(gateway)
          .isNotNull()
          .isNotEqualTo(env(gateway).get("BEACON_GATEWAY_PORT"));
      assertThat(services.get(gateway).get("ports")).as("%s publishes no port", gateway).isNull();
      assertThat((String) env("lb").get("BEACON_GW" + gateway.substring("gateway".length())))
          .endsWith(":" + env(gateway).get("BEACON_GATEWAY_PORT"));
    }
    String template = Files.readString(Nginx.template());
    assertThat(template)
        .as("nginx refuses what it does not list")
        .contains("location / {\n        return 404;");
    assertThat(template).doesNotContain("location = /metrics").doesNotContain("location /api/");
    // TlsTerminationIT runs the template for real and asks for /metrics, /metrics/, /api/clients
    // and their variants.
  }

  @Test
  @DisplayName(
      "only nginx's ports are published on every interface; Prometheus, Grafana and Kafka's tool listeners on 127.0.0.1")
  void onlyTheLoadBalancerFacesTheNetwork() {
    Set<String> loopbackOnly = Set.of("prometheus", "grafana", "kafka", "kafka2", "kafka3");
    for (String service : services.keySet()) {
      Object published = services.get(service).get("ports");
      List<String> ports = published == null ? List.of() : strings(published);
      if ("lb".equals(service)) {
        assertThat(ports)
            .as("nginx: TLS and the plain port that redirects to it")
            .containsExactlyInAnyOrder(
                env("lb").get("BEACON_NGINX_TLS_PORT")
                    + ":"
                    + env("lb").get("BEACON_NGINX_TLS_PORT"),
                env("lb").get("BEACON_NGINX_HTTP_PORT")
                    + ":"
                    + env("lb").get("BEACON_NGINX_HTTP_PORT"));
      } else if (loopbackOnly.contains(service)) {
        assertThat(ports)
            .as("ports of %s", service)
            .isNotEmpty()
            .allMatch(p -> p.startsWith("127.0.0.1:"));
      } else {
        assertThat(ports)
            .as("%s publishes no port (internal port, ingestor API, broadcaster)", service)
            .isEmpty();
      }
    }
    assertThat(strings(services.get("prometheus").get("ports")))
        .containsExactly("127.0.0.1:9090:9090");
    assertThat(strings(services.get("grafana").get("ports")))
        .containsExactly("127.0.0.1:3000:3000");
  }

  @Test
  @DisplayName(
      "every secret is a required variable without a default, and distribution/.env.example leaves each one empty")
  void secretsComeFromTheEnvironment() throws IOException {
    Map<String, String> secrets = new TreeMap<>();
    for (String service : services.keySet()) {
      env(service)
          .forEach(
              (name, value) -> {
                if (SECRET_NAME.matcher(name).find() && !NOT_SECRETS.contains(name)) {
                  secrets.put(service + "." + name, String.valueOf(value));
                }
              });
    }
    assertThat(secrets.keySet())
        .contains(
            "gateway1.BEACON_ADMIN_TOKEN",
            "ingestor.BEACON_INGESTOR_READ_TOKEN",
            "grafana.GF_SECURITY_ADMIN_PASSWORD");
    Set<String> variables = new TreeSet<>();
    secrets.forEach(
        (where, value) -> {
          Matcher required = REQUIRED.matcher(value);
          assertThat(required.matches())
              .as("%s is a required ${VAR:?message}, not %s", where, value)
              .isTrue();
          variables.add(required.group(1));
        });
    assertThat(variables).containsExactlyInAnyOrder(REQUIRED_SECRETS.toArray(String[]::new));
    Matcher defaults = DEFAULTED.matcher(Files.readString(composeFile()));
    while (defaults.find()) {
      assertThat(defaults.group(1))
          .as("a variable with a default in the compose file")
          .isEqualTo("BEACON_PUBLIC_ORIGIN");
    }
    Map<String, String> example = envFile(composeFile().resolveSibling(".env.example"));
    REQUIRED_SECRETS.forEach(
        name -> assertThat(example).as(".env.example").containsEntry(name, ""));
  }

  @Test
  @DisplayName("Grafana asks for its admin password and lets nobody in anonymously")
  void grafanaSignsIn() {
    assertThat(env("grafana").get("GF_AUTH_ANONYMOUS_ENABLED")).isEqualTo("false");
    assertThat(env("grafana")).doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE");
    assertThat((String) env("grafana").get("GF_SECURITY_ADMIN_PASSWORD"))
        .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
  }

  @Test
  @DisplayName(
      "gateways take only authenticated devices and the console's origin; the ingestor reads with a token, for that origin")
  void identityAndOrigins() {
    Object origin = env("ingestor").get("BEACON_INGESTOR_ALLOWED_ORIGINS");
    assertThat(origin)
        .isEqualTo(
            "${BEACON_PUBLIC_ORIGIN:-https://localhost:"
                + env("lb").get("BEACON_NGINX_TLS_PORT")
                + "}");
    for (String gateway : GATEWAYS) {
      assertThat(env(gateway).get("BEACON_DEVICE_AUTH")).as(gateway).isEqualTo("authenticated");
      assertThat(env(gateway).get("BEACON_ALLOWED_ORIGINS")).as(gateway).isEqualTo(origin);
    }
    assertThat(env("ingestor").get("BEACON_INGESTOR_HOST"))
        .as("inside the network, not published")
        .isEqualTo("0.0.0.0");
    assertThat(env("ingestor").get("BEACON_INGESTOR_AUTH")).isEqualTo("authenticated");
    assertThat(env("lb").get("BEACON_NGINX_INGESTOR"))
        .isEqualTo("ingestor:" + env("ingestor").get("BEACON_INGESTOR_PORT"));
  }

  @Test
  @DisplayName("docker-compose config refuses to start while a secret is missing, and names it")
  void missingSecretStopsCompose(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Executables.onPath("docker-compose"),
        "docker-compose is not installed (apt-get install docker-compose; .ci/run does)");
    for (String missing : REQUIRED_SECRETS) {
      Map<String, String> values = new TreeMap<>(secretValues());
      values.put(missing, "");
      Path envFile = writeEnvFile(dir.resolve("without-" + missing + ".env"), values);
      Compose result = dockerComposeConfig(envFile, dir);
      assertThat(result.exit())
          .as("docker-compose config without %s: %s", missing, result.output())
          .isNotZero();
      assertThat(result.output()).contains("set " + missing + " in distribution/.env");
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> namedVolumes() {
    return ((Map<String, Object>) compose.get("volumes")).keySet();
  }

  private static long megabytes(String size) {
    String s = size.strip().toLowerCase(java.util.Locale.ROOT);
    long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
    return s.endsWith("g") ? n * 1024 : n;
  }

  @Test
  @DisplayName(
      "docker-compose config accepts the file with its secrets set (Debian's docker-compose, no engine needed)")
  void dockerComposeValidates(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Executables.onPath("docker-compose"),
        "docker-compose is not installed (apt-get install docker-compose; .ci/run does)");
    Compose result =
        dockerComposeConfig(writeEnvFile(dir.resolve("test.env"), secretValues()), dir);
    assertThat(result.exit()).as("docker-compose config: %s", result.output()).isZero();
  }

  private record Compose(int exit, String output) {}

  private static Compose dockerComposeConfig(Path envFile, Path dir)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "compose", ".log");
    Process process =
        new ProcessBuilder(
                "docker-compose",
                "--env-file",
                envFile.toString(),
                "-f",
                composeFile().toString(),
                "config",
                "--quiet")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
    return new Compose(process.exitValue(), Files.readString(log));
  }

  /** Values for the secrets, made for this run: the file holds none. */
  private static Map<String, String> secretValues() {
    Map<String, String> values = new TreeMap<>();
    REQUIRED_SECRETS.forEach(name -> values.put(name, "test-" + UUID.randomUUID()));
    return values;
  }

  private static Path writeEnvFile(Path file, Map<String, String> values) throws IOException {
    StringBuilder text = new StringBuilder();
    values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return Files.writeString(file, text);
  }

  /** {@code NAME=value} lines of a .env file; comments and blank lines skipped. */
  private static Map<String, String> envFile(Path file) throws IOException {
    Map<String, String> values = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return values;
  }

  /**
   * The services that run the Beacon service image (the Dockerfile's default target,
   * beacon-server.jar).
   */
  private static List<String> beaconServices() {
    return services.entrySet().stream()
        .filter(
            e ->
                "beacon-server:local".equals(e.getValue().get("image"))
                    && e.getValue().get("command") != null
                    && !"certs".equals(e.getKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String service) {
    Object env = services.get(service).get("environment");
    return env == null ? Map.of() : (Map<String, Object>) env;
  }

  @SuppressWarnings("unchecked")
  private static List<String> dependsOnHealthy(String service) {
    Map<String, Map<String, Object>> dependsOn =
        (Map<String, Map<String, Object>>) services.get(service).get("depends_on");
    return dependsOn.entrySet().stream()
        .filter(e -> "service_healthy".equals(e.getValue().get("condition")))
        .map(Map.Entry::getKey)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static String healthTest(String service) {
    Map<String, Object> health = (Map<String, Object>) services.get(service).get("healthcheck");
    assertThat(health).as("health check of %s", service).isNotNull();
    return String.join(" ", strings(health.get("test")));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(value));
  }

  /**
   * Every {@code ${env:BEACON_X:-...}} default of a picocli option in the CLI packages (the
   * services' in beacon-server, local's and kafka's in beacon-distribution, the tools' in
   * beacon-tools), found by reflection; beacon-server may be a directory of classes or a jar.
   */
  private static Set<String> optionVariables()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Set<String> variables = new TreeSet<>();
    for (Class<?> anchor :
        List.of(LogOptions.class, EmbeddedKafkaOptions.class, ChatCommand.class)) {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (FileSystem jar =
          Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
        Path root = jar == null ? location : jar.getPath("/");
        collectOptionVariables(
            root.resolve(anchor.getPackageName().replace('.', '/')),
            anchor.getPackageName(),
            variables);
      }
    }
    return variables;
  }

  private static void collectOptionVariables(
      Path classes, String packageName, Set<String> variables)
      throws IOException, ClassNotFoundException {
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString();
        Class<?> type = Class.forName(packageName + "." + name.substring(0, name.length() - 6));
        List<AccessibleObject> members = new ArrayList<>(List.of(type.getDeclaredFields()));
        members.addAll(List.of(type.getDeclaredMethods()));
        for (AccessibleObject member : members) {
          Option option = member.getAnnotation(Option.class);
          if (option != null) {
            Matcher matcher = ENV_DEFAULT.matcher(option.defaultValue());
            while (matcher.find()) {
              variables.add(matcher.group(1));
            }
          }
        }
      }
    }
  }
}
