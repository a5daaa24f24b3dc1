package dev.beacon.distribution.cli;

import dev.beacon.gateway.GatewayConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Who may read stored positions on a local stack, so that {@code beacon local} stays a two-command
 * start: the gateway's JWT settings, a random read token when none is set (printed at start-up with
 * the console's URL), and the console's own origins allowed to read cross-origin.
 *
 * @param access the ingestor's read access
 * @param generated whether the read token was generated here (so the banner says where it came
 *     from)
 */
record LocalReadAccess(ReadAccessConfig access, boolean generated) {

  /** 24 random bytes, 48 hex characters: far beyond guessing, short enough to paste. */
  private static final int TOKEN_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  static LocalReadAccess of(ReadAccessConfig configured, GatewayConfig gateway) {
    ReadAccessConfig access =
        configured.toBuilder()
            .jwt(gateway.security().jwt())
            .build()
            .allowingOrigins(consoleOrigins(gateway));
    boolean generate =
        access.mode() == ReadAccessConfig.Mode.AUTHENTICATED && access.readToken() == null;
    return new LocalReadAccess(
        generate ? access.toBuilder().readToken(randomToken()).build() : access, generate);
  }

  /**
   * The console is served by the gateway: its page's origin is the gateway's, by name or by
   * loopback address.
   */
  static List<String> consoleOrigins(GatewayConfig gateway) {
    if (gateway.port() == 0) {
      return List.of();
    }
    String scheme = gateway.security().tls().enabled() ? "https" : "http";
    return List.of(
        scheme + "://localhost:" + gateway.port(), scheme + "://127.0.0.1:" + gateway.port());
  }

  static String randomToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
