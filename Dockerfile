# The one Beacon jar in an image: `docker build -t beacon:local .`, then `docker run beacon:local <subcommand>`.
# Used by infra/docker-compose.yml for the gateways, the broadcaster and the ingestor (docs/operations.md).

# Build stage: the reactor, dependencies first so a source change does not download them again.
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY common/pom.xml common/
COPY runtime/pom.xml runtime/
COPY gateway/pom.xml gateway/
COPY ingestor/pom.xml ingestor/
COPY broadcaster/pom.xml broadcaster/
COPY infra/pom.xml infra/
# Best effort: go-offline cannot resolve the reactor's own modules, which the package step builds anyway.
RUN mvn -B -q -pl infra -am dependency:go-offline -DexcludeGroupIds=dev.beacon || true
COPY common/src common/src
COPY runtime/src runtime/src
COPY gateway/src gateway/src
COPY ingestor/src ingestor/src
COPY broadcaster/src broadcaster/src
COPY infra/src infra/src
RUN mvn -B -q -pl infra -am -DskipTests package

# Runtime stage: a JRE, curl for health checks, openssl for the compose file's self-signed certificate.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl openssl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data beacon \
    && mkdir -p /data && chown beacon /data
COPY --from=build /src/infra/target/beacon.jar /opt/beacon/beacon.jar
USER beacon
WORKDIR /data
ENV BEACON_DATA_DIR=/data \
    BEACON_GATEWAY_HOST=0.0.0.0 \
    BEACON_INGESTOR_HOST=0.0.0.0 \
    BEACON_BROADCASTER_HTTP_HOST=0.0.0.0
# gateway, ingestor API, broadcaster HTTP
EXPOSE 8080 8081 8090
# The JVM sizes its heap from the container's memory limit; SIGTERM stops Beacon gracefully.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/beacon/beacon.jar"]
CMD ["local"]
