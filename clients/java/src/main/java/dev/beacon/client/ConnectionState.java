package dev.beacon.client;

/**
 * Where a {@link BeaconSocket} is in its life. {@code CONNECTING} covers the first handshake and
 * every reconnect attempt (including the backoff wait before it); {@code CLOSED} is final.
 */
public enum ConnectionState {
  /** Opening the WebSocket, or waiting to retry; messages sent now wait in the send queue. */
  CONNECTING,
  /** The WebSocket is open; queued messages are being written. */
  OPEN,
  /** {@link BeaconSocket#close(int, String)} was called; the closing handshake is under way. */
  CLOSING,
  /**
   * Closed for good: by the caller, by a terminal close code, or after the last reconnect attempt.
   */
  CLOSED
}
