package dev.beacon.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module graph of docs/architecture.md, checked on the compiled main classes: common knows
 * nothing of Kafka, Micrometer or any service; the runtime knows no service; the services know
 * common and the runtime, never each other; the client library knows only common; server, then
 * embedded and tools, then distribution sit on top, each knowing only what is below it; Kafka stays
 * in the gateway's {@code kafka} package; Vert.x internals and Netty appear only where listed, each
 * with its reason.
 */
@AnalyzeClasses(
    packages = "dev.beacon",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /**
   * Leaves out the modules' published test classes ({@code *-tests.jar}, e.g. the gateway's
   * StalledReader): the rules are about the code that ships.
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String[] SERVICES = {
    "dev.beacon.gateway..", "dev.beacon.broadcaster..", "dev.beacon.ingestor.."
  };

  @ArchTest
  static final ArchRule commonIsPlain =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.common..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "io.micrometer..",
              "dev.beacon.runtime..",
              "dev.beacon.gateway..",
              "dev.beacon.broadcaster..",
              "dev.beacon.ingestor..",
              "dev.beacon.client..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..")
          .because(
              "common holds the protocol, the model and the rules every part shares, clients included");

  @ArchTest
  static final ArchRule runtimeKnowsNoService =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.runtime..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.gateway..",
              "dev.beacon.broadcaster..",
              "dev.beacon.ingestor..",
              "dev.beacon.client..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..");

  @ArchTest
  static final ArchRule gatewayStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.broadcaster..",
              "dev.beacon.ingestor..",
              "dev.beacon.client..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..");

  @ArchTest
  static final ArchRule broadcasterStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.broadcaster..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.gateway..",
              "dev.beacon.ingestor..",
              "dev.beacon.client..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..");

  @ArchTest
  static final ArchRule ingestorStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.ingestor..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.gateway..",
              "dev.beacon.broadcaster..",
              "dev.beacon.client..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..");

  @ArchTest
  static final ArchRule clientKnowsOnlyCommon =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.client..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "io.micrometer..",
              "dev.beacon.runtime..",
              "dev.beacon.server..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..")
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVICES)
          .because(
              "an application that only connects must not carry Kafka or a service on its classpath");

  @ArchTest
  static final ArchRule serverKnowsNoneAboveIt =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.server..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.client..",
              "dev.beacon.embedded..",
              "dev.beacon.tools..",
              "dev.beacon.distribution..")
          .because("beacon-server builds the service jar: no broker, no tools, no client library");

  @ArchTest
  static final ArchRule embeddedKnowsNoneAboveIt =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.embedded..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.beacon.client..", "dev.beacon.tools..", "dev.beacon.distribution..")
          .because(
              "the embedded broker and LocalStack are started by the beacon command, the tools and the tests");

  @ArchTest
  static final ArchRule toolsKnowNotTheDistribution =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.tools..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.beacon.distribution..")
          .because("the beacon command is built on the tools, not the other way round");

  @ArchTest
  static final ArchRule kafkaInTheGatewaysKafkaPackage =
      noClasses()
          .that()
          .resideInAPackage("dev.beacon.gateway..")
          .and()
          .resideOutsideOfPackage("dev.beacon.gateway.kafka..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka..")
          .because(
              "the gateway reaches Kafka through its Backend; KafkaBackend and its parts live in gateway.kafka");

  @ArchTest
  static final ArchRule vertxInternalsInTwoClasses =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.beacon.gateway.edge.WebSocketUpgrade")
          .and()
          .doNotHaveFullyQualifiedName(
              "dev.beacon.gateway.edge.WebSocketUpgrade$VertxSessionContext")
          .and()
          .doNotHaveFullyQualifiedName("dev.beacon.runtime.http.HeaderReadDeadline")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx..impl..", "io.vertx.core.internal..")
          .because(
              "WebSocketUpgrade takes an upgraded connection's channel away from Vert.x, and HeaderReadDeadline"
                  + " puts a request-head deadline (which Vert.x lacks) on an accepted connection's channel; WebSocketEdgeTest"
                  + " and HttpBoundsTest fail loudly if a Vert.x upgrade breaks either");

  @ArchTest
  static final ArchRule nettyWhereListed =
      classes()
          .that()
          .resideInAPackage("dev.beacon.gateway..")
          // The WebSocket edge: Netty's handshaker and frame codec on the upgraded channel, frames
          // encoded once for
          // fan-out, and nothing of Vert.x's HTTP connection kept per socket (docs/benchmarks.md).
          .and()
          .resideOutsideOfPackage("dev.beacon.gateway.edge..")
          // Netty's vetted CIDR matcher and query-string decoder, rather than hand-written ones.
          .and()
          .doNotHaveFullyQualifiedName("dev.beacon.gateway.security.TrustedProxies")
          .and()
          .doNotHaveFullyQualifiedName("dev.beacon.gateway.security.GatewaySecurity")
          // Netty's IP literal parser: X-Forwarded-For hops are parsed without a DNS lookup.
          .and()
          .doNotHaveFullyQualifiedName("dev.beacon.gateway.security.IpLiteral")
          // The tracker HTTP port reads OsmAnd's query and form bodies with Netty's decoder, as
          // Traccar does; the MQTT listener speaks vertx-mqtt, whose API is Netty's MQTT codes.
          .and()
          .doNotHaveFullyQualifiedName("dev.beacon.gateway.trackers.TrackerHttpVerticle")
          .and()
          .resideOutsideOfPackage("dev.beacon.gateway.mqtt..")
          .should()
          .onlyDependOnClassesThat()
          .resideOutsideOfPackage("io.netty..");
}
