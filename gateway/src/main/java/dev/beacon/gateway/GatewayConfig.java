package dev.beacon.gateway;

import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.geofence.GeofenceLimits;
import dev.beacon.common.gps.GpsLimits;
import dev.beacon.common.presence.HeartbeatPeriod;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.proxy.ProxyConfig;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ClientPings;
import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.runtime.devices.DeviceAuthMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Everything a gateway process is configured with, read once at the edge and validated here.
 *
 * <p>Limits and what happens when a client crosses them:
 *
 * <ul>
 *   <li>a frame above {@code maxFrameSize} or a message above {@code maxMessageSize}: close {@value
 *       dev.beacon.common.protocol.CloseCodes#MESSAGE_TOO_BIG};
 *   <li>more than {@code maxInFlightPerConnection} frames awaiting a reply on one connection: close
 *       {@value dev.beacon.common.protocol.CloseCodes#TOO_MANY_IN_FLIGHT};
 *   <li>more than {@code maxInFlightTotal} fixes awaiting Kafka in the process: the fix is answered
 *       at once with {@code ERR overloaded: ...} (JSON error code {@code overloaded}) and nothing
 *       is written;
 *   <li>more than {@code maxOutboundBytes} written to a client (replies, pongs, deliveries) and not
 *       read by it, or held back for it: close {@value
 *       dev.beacon.common.protocol.CloseCodes#SLOW_CONSUMER};
 *   <li>a {@code subscribe} to a room beyond {@code maxRoomsPerConnection}: error {@code
 *       too_many_rooms}, and the connection's rooms stay as they were.
 * </ul>
 *
 * @param host address to bind ({@code BEACON_GATEWAY_HOST}, default {@value #DEFAULT_HOST})
 * @param port WebSocket and HTTP port ({@code BEACON_GATEWAY_PORT}, default {@value
 *     #DEFAULT_PORT}); 0 picks a free port at deploy time
 * @param instances verticle instances, one event loop each ({@code BEACON_GATEWAY_INSTANCES},
 *     default the number of available processors)
 * @param gatewayId stamped on every fix this gateway accepts ({@code BEACON_GATEWAY_ID}, default
 *     {@code <hostname>-<port>})
 * @param limits GPS fix limits ({@code BEACON_MAX_LINE_LENGTH}, {@code
 *     BEACON_DEVICE_ID_MAX_LENGTH}, {@code BEACON_MAX_FUTURE_SKEW})
 * @param maxFrameSize largest WebSocket frame payload in bytes ({@code BEACON_MAX_FRAME_SIZE},
 *     default {@value #DEFAULT_MAX_FRAME_SIZE})
 * @param maxMessageSize largest reassembled WebSocket message in bytes ({@code
 *     BEACON_MAX_MESSAGE_SIZE}, default {@value #DEFAULT_MAX_MESSAGE_SIZE})
 * @param maxInFlightPerConnection frames awaiting a reply on one connection ({@code
 *     BEACON_MAX_IN_FLIGHT_PER_CONNECTION}, default {@value #DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION})
 * @param maxInFlightTotal fixes awaiting Kafka in this process ({@code BEACON_MAX_IN_FLIGHT_TOTAL},
 *     default {@value #DEFAULT_MAX_IN_FLIGHT_TOTAL})
 * @param heartbeat server pings and how long a client has to answer them ({@code
 *     BEACON_HEARTBEAT_INTERVAL}, {@code BEACON_HEARTBEAT_TIMEOUT})
 * @param maxOutboundBytes bytes (replies, pongs, deliveries) a client may have unread before it is
 *     closed ({@code BEACON_MAX_OUTBOUND_BYTES}, default {@value #DEFAULT_MAX_OUTBOUND_BYTES}, at
 *     least {@value #MIN_MAX_OUTBOUND_BYTES} so the largest delivery fits)
 * @param serverApi admin API token, connection limit, graceful-stop drain and path prefix ({@link
 *     ServerApiConfig})
 * @param security TLS, Origin allow-list, JWT, rate, per-address, fragment and header limits
 *     ({@link SecurityConfig}; {@code BEACON_TLS_*}, {@code BEACON_JWT_*}, ...)
 * @param webSocketCompression accept permessage-deflate when a client offers it ({@code
 *     BEACON_WS_COMPRESSION}, default {@value #DEFAULT_WEBSOCKET_COMPRESSION}): each compressing
 *     connection holds two zlib contexts outside the heap, about 77 KB of RSS (docs/benchmarks.md)
 * @param presencePeriod how often the gateway heartbeats on {@code beacon.presence} ({@code
 *     BEACON_PRESENCE_PERIOD}, default 5 s); the period travels in each heartbeat, so every reader
 *     judges this gateway by it
 * @param bounds recovery readers, HTTP timeouts and the admin token throttle ({@link
 *     ResourceBounds}; {@code BEACON_MAX_RECOVERY_READERS}, ...)
 * @param metricsToken bearer token {@code /metrics} requires on the public port when no internal
 *     port serves it ({@code BEACON_METRICS_TOKEN}, default empty: open); ignored on the internal
 *     port
 * @param maxRoomsPerConnection rooms one connection may be subscribed to at once, the default room
 *     included ({@code BEACON_MAX_ROOMS_PER_CONNECTION}, default {@value
 *     #DEFAULT_MAX_ROOMS_PER_CONNECTION}; 0 for no limit)
 * @param geofences bounds of the geofences the admin API makes ({@code BEACON_GEOFENCE_MAX_*})
 * @param deviceAuth what a connection without an identity (JWT, device key) may write ({@code
 *     BEACON_DEVICE_AUTH}, default {@code authenticated}: nothing; {@code open}: any device id, the
 *     default of {@code beacon local}); a connection with an identity writes only its identity's
 *     devices either way
 * @param trackers the listeners for OsmAnd, Traccar Client and OwnTracks over HTTP and MQTT ({@link
 *     TrackerConfig}; {@code BEACON_TRACKER_*}, {@code BEACON_MQTT_*}; default both off)
 * @param namespaces the rules of each channel namespace ({@code BEACON_NAMESPACES_FILE}, read by
 *     {@link dev.beacon.common.channels.NamespaceConfig}; default {@link
 *     ChannelNamespaces#defaults()}: every channel follows today's rules)
 * @param proxy the proxy hooks to the application's backend ({@link ProxyConfig}; {@code
 *     BEACON_PROXY_*}, default every hook off)
 *     <p>Build one with {@link #builder()} (every component at its default) or change one with
 *     {@link #toBuilder()}.
 */
public record GatewayConfig(
    String host,
    int port,
    int instances,
    String gatewayId,
    GpsLimits limits,
    int maxFrameSize,
    int maxMessageSize,
    int maxInFlightPerConnection,
    int maxInFlightTotal,
    ClientPings heartbeat,
    long maxOutboundBytes,
    ServerApiConfig serverApi,
    SecurityConfig security,
    boolean webSocketCompression,
    Duration presencePeriod,
    ResourceBounds bounds,
    String metricsToken,
    int maxRoomsPerConnection,
    DeviceAuthMode deviceAuth,
    TrackerConfig trackers,
    ChannelNamespaces namespaces,
    ProxyConfig proxy,
    GeofenceLimits geofences) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_FRAME_SIZE = 65_536;
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_536;
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION = 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT_TOTAL = 100_000;
  public static final int MAX_GATEWAY_ID_LENGTH = 128;
  public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1L << 20;
  public static final long MIN_MAX_OUTBOUND_BYTES = 65_536;
  public static final boolean DEFAULT_WEBSOCKET_COMPRESSION = false;

  /**
   * Well above what a person or a dashboard follows (tens of rooms; a whole fleet is one room,
   * {@code gps:*}), low enough that one connection holds at most this many directory entries and
   * presence records (about 150 bytes each on {@code beacon.presence}, so under 40 KB per
   * connection).
   */
  public static final int DEFAULT_MAX_ROOMS_PER_CONNECTION = 256;

  public GatewayConfig {
    require(
        host != null && !host.isBlank(),
        "gateway host is empty; set BEACON_GATEWAY_HOST to an address to bind, e.g. 0.0.0.0");
    require(
        port >= 0 && port <= 65_535,
        "gateway port must be 0-65535 (0 picks a free port), got "
            + port
            + "; fix BEACON_GATEWAY_PORT");
    require(
        instances >= 1,
        "gateway instances must be at least 1, got "
            + instances
            + "; set BEACON_GATEWAY_INSTANCES or leave it unset for one per core");
    requireValidId(gatewayId);
    require(
        limits != null,
        "GPS limits are missing; pass GpsLimits.defaults() when nothing is configured");
    require(
        maxFrameSize >= limits.maxLineLength(),
        "BEACON_MAX_FRAME_SIZE ("
            + maxFrameSize
            + ") must be at least BEACON_MAX_LINE_LENGTH ("
            + limits.maxLineLength()
            + "), or no valid line fits in a frame");
    require(
        maxMessageSize >= maxFrameSize,
        "BEACON_MAX_MESSAGE_SIZE ("
            + maxMessageSize
            + ") must be at least BEACON_MAX_FRAME_SIZE ("
            + maxFrameSize
            + ")");
    require(
        maxInFlightPerConnection >= 1,
        "BEACON_MAX_IN_FLIGHT_PER_CONNECTION must be at least 1, got " + maxInFlightPerConnection);
    require(
        maxInFlightTotal >= 1,
        "BEACON_MAX_IN_FLIGHT_TOTAL must be at least 1, got " + maxInFlightTotal);
    require(
        heartbeat != null,
        "heartbeat settings are missing; pass ClientPings.defaults() when nothing is configured");
    require(
        maxOutboundBytes >= MIN_MAX_OUTBOUND_BYTES,
        "BEACON_MAX_OUTBOUND_BYTES must be at least "
            + MIN_MAX_OUTBOUND_BYTES
            + " (one large delivery), got "
            + maxOutboundBytes);
    require(
        serverApi != null,
        "server API settings are missing; pass ServerApiConfig.defaults() when nothing is configured");
    require(
        security != null,
        "security settings are missing; pass SecurityConfig.defaults() when nothing is configured");
    HeartbeatPeriod.check(presencePeriod, "BEACON_PRESENCE_PERIOD");
    require(
        bounds != null,
        "resource bounds are missing; pass ResourceBounds.defaults() when nothing is configured");
    metricsToken = metricsToken == null ? "" : metricsToken.strip();
    require(
        maxRoomsPerConnection >= 0,
        "BEACON_MAX_ROOMS_PER_CONNECTION must be 0 (no limit) or more, got "
            + maxRoomsPerConnection);
    require(geofences != null, "geofences is missing; use GeofenceLimits.defaults()");
    require(
        deviceAuth != null,
        "device auth mode is missing; pass DeviceAuthMode.AUTHENTICATED or OPEN");
    require(
        trackers != null,
        "tracker listener settings are missing; pass TrackerConfig.defaults() when nothing is configured");
    require(
        namespaces != null,
        "channel namespaces are missing; pass ChannelNamespaces.defaults() when none are configured");
    require(
        proxy != null,
        "proxy hook settings are missing; pass ProxyConfig.defaults() when nothing is configured");
  }

  /** The defaults of every component, as documented on the record. */
  public static GatewayConfig defaults() {
    return builder().build();
  }

  /** A builder holding every default; set what differs and {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@code <hostname>-<port>}: unique per gateway as long as hostnames are. */
  public static String defaultGatewayId(int port) {
    return LocalHost.NAME + "-" + port;
  }

  /**
   * Builds a {@link GatewayConfig}; {@link #build()} validates it. A gateway id left unset, or set
   * to the default of the port it had, follows the port.
   */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int instances = Runtime.getRuntime().availableProcessors();
    private String gatewayId;
    private GpsLimits limits = GpsLimits.defaults();
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxInFlightPerConnection = DEFAULT_MAX_IN_FLIGHT_PER_CONNECTION;
    private int maxInFlightTotal = DEFAULT_MAX_IN_FLIGHT_TOTAL;
    private ClientPings heartbeat = ClientPings.defaults();
    private long maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
    private ServerApiConfig serverApi = ServerApiConfig.defaults();
    private SecurityConfig security = SecurityConfig.defaults();
    private boolean webSocketCompression = DEFAULT_WEBSOCKET_COMPRESSION;
    private Duration presencePeriod = HeartbeatPeriod.DEFAULT;
    private ResourceBounds bounds = ResourceBounds.defaults();
    private String metricsToken = "";
    private int maxRoomsPerConnection = DEFAULT_MAX_ROOMS_PER_CONNECTION;
    private DeviceAuthMode deviceAuth = DeviceAuthMode.AUTHENTICATED;
    private TrackerConfig trackers = TrackerConfig.defaults();
    private ChannelNamespaces namespaces = ChannelNamespaces.defaults();
    private ProxyConfig proxy = ProxyConfig.defaults();
    private GeofenceLimits geofences = GeofenceLimits.defaults();

    private Builder() {}

    private Builder(GatewayConfig c) {
      host = c.host;
      port = c.port;
      instances = c.instances;
      gatewayId = c.gatewayId.equals(defaultGatewayId(c.port)) ? null : c.gatewayId;
      limits = c.limits;
      maxFrameSize = c.maxFrameSize;
      maxMessageSize = c.maxMessageSize;
      maxInFlightPerConnection = c.maxInFlightPerConnection;
      maxInFlightTotal = c.maxInFlightTotal;
      heartbeat = c.heartbeat;
      maxOutboundBytes = c.maxOutboundBytes;
      serverApi = c.serverApi;
      security = c.security;
      webSocketCompression = c.webSocketCompression;
      presencePeriod = c.presencePeriod;
      bounds = c.bounds;
      metricsToken = c.metricsToken;
      maxRoomsPerConnection = c.maxRoomsPerConnection;
      deviceAuth = c.deviceAuth;
      trackers = c.trackers;
      namespaces = c.namespaces;
      proxy = c.proxy;
      geofences = c.geofences;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder instances(int value) {
      instances = value;
      return this;
    }

    /** Null for {@code <hostname>-<port>}. */
    public Builder gatewayId(String value) {
      gatewayId = value;
      return this;
    }

    public Builder limits(GpsLimits value) {
      limits = value;
      return this;
    }

    public Builder maxFrameSize(int value) {
      maxFrameSize = value;
      return this;
    }

    public Builder maxMessageSize(int value) {
      maxMessageSize = value;
      return this;
    }

    public Builder maxInFlightPerConnection(int value) {
      maxInFlightPerConnection = value;
      return this;
    }

    public Builder maxInFlightTotal(int value) {
      maxInFlightTotal = value;
      return this;
    }

    public Builder heartbeat(ClientPings value) {
      heartbeat = value;
      return this;
    }

    public Builder maxOutboundBytes(long value) {
      maxOutboundBytes = value;
      return this;
    }

    public Builder serverApi(ServerApiConfig value) {
      serverApi = value;
      return this;
    }

    public Builder security(SecurityConfig value) {
      security = value;
      return this;
    }

    public Builder webSocketCompression(boolean value) {
      webSocketCompression = value;
      return this;
    }

    public Builder presencePeriod(Duration value) {
      presencePeriod = value;
      return this;
    }

    public Builder bounds(ResourceBounds value) {
      bounds = value;
      return this;
    }

    public Builder metricsToken(String value) {
      metricsToken = value;
      return this;
    }

    /** 0 for no limit. */
    public Builder maxRoomsPerConnection(int value) {
      maxRoomsPerConnection = value;
      return this;
    }

    public Builder deviceAuth(DeviceAuthMode value) {
      deviceAuth = value;
      return this;
    }

    public Builder trackers(TrackerConfig value) {
      trackers = value;
      return this;
    }

    public Builder namespaces(ChannelNamespaces value) {
      namespaces = value;
      return this;
    }

    public Builder proxy(ProxyConfig value) {
      proxy = value;
      return this;
    }

    public Builder geofences(GeofenceLimits value) {
      geofences = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public GatewayConfig build() {
      return new GatewayConfig(
          host,
          port,
          instances,
          gatewayId == null ? defaultGatewayId(port) : gatewayId,
          limits,
          maxFrameSize,
          maxMessageSize,
          maxInFlightPerConnection,
          maxInFlightTotal,
          heartbeat,
          maxOutboundBytes,
          serverApi,
          security,
          webSocketCompression,
          presencePeriod,
          bounds,
          metricsToken,
          maxRoomsPerConnection,
          deviceAuth,
          trackers,
          namespaces,
          proxy,
          geofences);
    }
  }

  private static void requireValidId(String id) {
    require(
        id != null && !id.isBlank(),
        "gateway id is empty; set BEACON_GATEWAY_ID or leave it unset for <hostname>-<port>");
    require(
        id.length() <= MAX_GATEWAY_ID_LENGTH && id.chars().allMatch(c -> c >= 0x20 && c != 0x7f),
        "gateway id must be at most "
            + MAX_GATEWAY_ID_LENGTH
            + " printable characters; fix BEACON_GATEWAY_ID, got '"
            + id
            + "'");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Resolved once, on first use: the lookup can be slow where DNS is. */
  private static final class LocalHost {
    static final String NAME = hostname();
  }

  private static String hostname() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "gateway";
    }
  }
}
