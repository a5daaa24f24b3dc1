package dev.beacon.server.cli;

import dev.beacon.ingestor.ReadAccessConfig;

/**
 * What an operator must know at start-up about who can read stored positions: printed, never the
 * token itself.
 */
public final class ReadAccessNotice {

  private ReadAccessNotice() {}

  /**
   * Empty when reads are authenticated with a credential configured; else a loud line, ending in a
   * line break.
   */
  public static String of(ReadAccessConfig access) {
    if (access.mode() == ReadAccessConfig.Mode.OPEN) {
      return ("WARNING: BEACON_INGESTOR_AUTH=open: anyone who reaches the query API reads every device's positions."
              + " Use it on a trusted host only; unset it to require the read token or a JWT.%n")
          .formatted();
    }
    if (!access.hasCredential()) {
      return ("WARNING: no read credential is configured, so every read of positions answers 401; set"
              + " BEACON_INGESTOR_READ_TOKEN (at least 16 characters) or BEACON_JWT_*.%n")
          .formatted();
    }
    return "";
  }
}
