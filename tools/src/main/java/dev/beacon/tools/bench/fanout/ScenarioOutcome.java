package dev.beacon.tools.bench.fanout;

/**
 * One load run of a scenario, as tests and the saturation search see it.
 *
 * @param hopCount observations of the end-to-end hop the servers recorded in the measured window (0
 *     when they expose none, e.g. the Node peer)
 */
public record ScenarioOutcome(
    FanoutScenario scenario,
    String label,
    boolean complete,
    long missing,
    long duplicates,
    double deliveriesPerSecond,
    double p99Ms,
    long hopCount) {}
