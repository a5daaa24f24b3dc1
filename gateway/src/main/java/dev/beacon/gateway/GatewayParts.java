package dev.beacon.gateway;

import dev.beacon.gateway.admin.AdminThrottle;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.Readiness;
import dev.beacon.gateway.gps.InFlightBudget;
import dev.beacon.gateway.messaging.ChannelQueries;
import dev.beacon.gateway.messaging.DeliveryFanOut;
import dev.beacon.gateway.messaging.RecoveryReaders;
import dev.beacon.gateway.operations.ServerOperations;
import dev.beacon.gateway.proxy.BackendHooks;
import dev.beacon.gateway.security.GatewaySecurity;
import dev.beacon.gateway.session.ConnectionHub;

/**
 * What every verticle of one gateway process shares, built once by {@link Gateway#deploy}. Each
 * part is thread-safe.
 *
 * @param config the gateway's settings, its port resolved
 * @param backend fixes, messages, presence, recovery, control ({@link Backend})
 * @param readiness the backend's readiness, turned false by a drain
 * @param budget fixes awaiting the backend, process-wide ({@code BEACON_MAX_IN_FLIGHT_TOTAL})
 * @param deliveries where deliveries enter every event loop
 * @param startedAt when the gateway started, epoch milliseconds, for {@code get_stats}
 * @param hub the process's connections: capacity, drain, operator commands, the embedding listener
 * @param operations the server API over the backend
 * @param security TLS, Origin, JWT and rate checks
 * @param adminFailures wrong admin tokens per address ({@code BEACON_ADMIN_MAX_FAILURES})
 * @param recoveryReaders history readers at once, process-wide ({@code
 *     BEACON_MAX_RECOVERY_READERS})
 * @param channels history and presence of a channel, by its namespace's rules
 * @param hooks the proxy hooks to the application's backend ({@code BEACON_PROXY_*})
 */
record GatewayParts(
    GatewayConfig config,
    Backend backend,
    Readiness readiness,
    InFlightBudget budget,
    DeliveryFanOut deliveries,
    long startedAt,
    ConnectionHub hub,
    ServerOperations operations,
    GatewaySecurity security,
    AdminThrottle adminFailures,
    RecoveryReaders recoveryReaders,
    ChannelQueries channels,
    BackendHooks hooks) {}
