package dev.beacon.gateway.edge;

/**
 * The limits the WebSocket edge enforces on every connection.
 *
 * @param maxFrameSize payload bytes of one frame, in and out (1009 above it, outbound fragmented)
 * @param maxMessageSize bytes of one reassembled text message (1009 above it); also the most one
 *     compressed frame may inflate to, so that permessage-deflate never inflates past it
 * @param maxFragments frames of one message (1009 above it)
 * @param compression whether permessage-deflate may be negotiated
 * @param maxQueuedBytes bytes written to the connection (replies, pongs, deliveries) that the
 *     client has not read yet; a write that would go above it closes with 4010 instead
 */
public record EdgeLimits(
    int maxFrameSize,
    int maxMessageSize,
    int maxFragments,
    boolean compression,
    long maxQueuedBytes) {

  /** Without a cap on queued bytes, for tests of the framing alone. */
  public EdgeLimits(int maxFrameSize, int maxMessageSize, int maxFragments, boolean compression) {
    this(maxFrameSize, maxMessageSize, maxFragments, compression, Long.MAX_VALUE);
  }
}
