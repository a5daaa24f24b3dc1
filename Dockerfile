# Beacon's images, two targets of one build:
#   docker build -t beacon-server:local .              the service image (the default, last stage): beacon-server.jar,
#                                                      subcommands gateway, ingestor, broadcaster; no broker, no Scala,
#                                                      no simulator or benchmark. distribution/docker-compose.yml runs it.
#   docker build --target full -t beacon:local .       the full beacon.jar: adds local (embedded broker), kafka,
#                                                      simulate, chat and bench; `docker run beacon:local` runs local.
# docs/operations.md has the details.

# Build stage: the service jar, dependencies first so a source change does not download them again.
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY common/pom.xml common/
COPY clients/java/pom.xml clients/java/
COPY runtime/pom.xml runtime/
COPY gateway/pom.xml gateway/
COPY ingestor/pom.xml ingestor/
COPY broadcaster/pom.xml broadcaster/
COPY server/pom.xml server/
COPY embedded/pom.xml embedded/
COPY tools/pom.xml tools/
COPY distribution/pom.xml distribution/
COPY integration-tests/pom.xml integration-tests/
# Best effort: go-offline cannot resolve the reactor's own modules, which the package step builds anyway.
RUN mvn -B -q -pl distribution -am dependency:go-offline -DexcludeGroupIds=dev.beacon || true
COPY common/src common/src
COPY runtime/src runtime/src
COPY gateway/src gateway/src
COPY ingestor/src ingestor/src
COPY broadcaster/src broadcaster/src
COPY server/src server/src
# The gateway serves beacon.js from the JavaScript client's sources (gateway/pom.xml).
COPY clients/js/src clients/js/src
RUN mvn -B -q -pl server -am -DskipTests package

# The full jar on top of the service build: the client library, the embedded broker, the tools and the beacon command.
FROM build AS build-full
COPY clients/java/src clients/java/src
COPY embedded/src embedded/src
COPY tools/src tools/src
COPY distribution/src distribution/src
RUN mvn -B -q -pl distribution -am -DskipTests package

# What both images run on: a JRE, curl for health checks, openssl for the compose file's self-signed certificate.
FROM eclipse-temurin:17-jre AS jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl openssl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data beacon \
    && mkdir -p /data && chown beacon /data
USER beacon
WORKDIR /data
ENV BEACON_DATA_DIR=/data \
    BEACON_GATEWAY_HOST=0.0.0.0 \
    BEACON_INGESTOR_HOST=0.0.0.0 \
    BEACON_BROADCASTER_HTTP_HOST=0.0.0.0
# gateway, ingestor API, broadcaster HTTP
EXPOSE 8080 8081 8090

# The full image: everything in one container by default (beacon local).
FROM jre AS full
COPY --from=build-full /src/distribution/target/beacon.jar /opt/beacon/beacon.jar
# The JVM sizes its heap from the container's memory limit; SIGTERM stops Beacon gracefully.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/beacon/beacon.jar"]
CMD ["local"]

# The service image (default target): one production service per container, against an external Kafka.
FROM jre AS service
COPY --from=build /src/server/target/beacon-server.jar /opt/beacon/beacon-server.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/beacon/beacon-server.jar"]
CMD ["--help"]
