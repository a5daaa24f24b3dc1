package dev.beacon.runtime.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerResponse;

/**
 * The process's one Prometheus registry, shared by every Beacon service running in the JVM, and the
 * {@code GET /metrics} response over it.
 *
 * <p>One registry per process rather than one per service: in {@code beacon local} the gateway, the
 * ingestor and the broadcaster share a JVM, and every {@code /metrics} endpoint of the process then
 * shows all of them. Series do not clash because each service prefixes its own ({@code
 * beacon_gateway_}, {@code beacon_ingestor_}, {@code beacon_broadcaster_}). The JVM's own metrics
 * (memory, GC, threads, CPU, uptime) come with it. Names and meanings are documented in {@code
 * docs/operations.md}.
 */
public final class BeaconMetrics {

  /** The content type of the Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final PrometheusMeterRegistry REGISTRY = create();

  private BeaconMetrics() {}

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** The registry every Beacon meter of this process is registered with. */
  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /** Every series of the process in the Prometheus text format. */
  public static String scrape() {
    return REGISTRY.scrape();
  }

  /**
   * Ends {@code response} with the scrape; cheap enough for an event loop (a few hundred series).
   */
  public static void respond(HttpServerResponse response) {
    response.putHeader("Content-Type", CONTENT_TYPE).end(scrape());
  }
}
