package dev.beacon.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy hooks' series (docs/operations.md, "Proxy hooks"), tagged {@code gateway=<id>}: {@code
 * beacon_proxy_calls_total{hook,outcome}}, {@code beacon_proxy_call_seconds{hook}} (a histogram)
 * and {@code beacon_proxy_in_flight}. Counters are resolved up front, so a call costs an increment
 * and no tag map.
 */
final class ProxyMetrics {

  private final Map<ProxyHook, Map<ProxyReply.Outcome, Counter>> calls =
      new EnumMap<>(ProxyHook.class);
  private final Map<ProxyHook, Timer> latency = new EnumMap<>(ProxyHook.class);

  ProxyMetrics(MeterRegistry registry, String gatewayId, Supplier<Number> inFlight) {
    for (ProxyHook hook : ProxyHook.values()) {
      Map<ProxyReply.Outcome, Counter> byOutcome = new EnumMap<>(ProxyReply.Outcome.class);
      for (ProxyReply.Outcome outcome : ProxyReply.Outcome.values()) {
        byOutcome.put(
            outcome,
            Counter.builder("beacon_proxy_calls_total")
                .description("Calls to the application's backend by hook and how they ended")
                .tag("gateway", gatewayId)
                .tag("hook", hook.wire())
                .tag("outcome", outcome.tag())
                .register(registry));
      }
      calls.put(hook, byOutcome);
      latency.put(
          hook,
          Timer.builder("beacon_proxy_call_seconds")
              .description("Time from sending a hook's call to its answer, failure or timeout")
              .tag("gateway", gatewayId)
              .tag("hook", hook.wire())
              .serviceLevelObjectives(
                  Duration.ofMillis(5),
                  Duration.ofMillis(10),
                  Duration.ofMillis(25),
                  Duration.ofMillis(50),
                  Duration.ofMillis(100),
                  Duration.ofMillis(250),
                  Duration.ofMillis(500),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5))
              .register(registry));
    }
    Gauge.builder("beacon_proxy_in_flight", inFlight)
        .description("Calls awaiting the application's backend (BEACON_PROXY_MAX_IN_FLIGHT)")
        .tag("gateway", gatewayId)
        .register(registry);
  }

  /** One call ended with {@code outcome} after {@code nanos} (0 for a call never sent). */
  void record(ProxyHook hook, ProxyReply.Outcome outcome, long nanos) {
    calls.get(hook).get(outcome).increment();
    if (outcome != ProxyReply.Outcome.OVERLOADED) {
      latency.get(hook).record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
