package dev.beacon.gateway.edge;

/**
 * The limits the WebSocket edge enforces on every connection.
 *
 * @param maxFrameSize   payload bytes of one frame, in and out (1009 above it, outbound fragmented)
 * @param maxMessageSize bytes of one reassembled text message (1009 above it)
 * @param maxFragments   frames of one message (1009 above it)
 * @param compression    whether permessage-deflate may be negotiated
 */
public record EdgeLimits(int maxFrameSize, int maxMessageSize, int maxFragments, boolean compression) {
}
