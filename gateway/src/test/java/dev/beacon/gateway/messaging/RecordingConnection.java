package dev.beacon.gateway.messaging;

import dev.beacon.gateway.backend.GatewayPresence;
import dev.beacon.gateway.edge.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A connection without a socket: replies are written at once; frames stay unread until the test
 * says so.
 */
final class RecordingConnection implements MessagingClient.Connection {

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final List<OutboundFrame> frames = new ArrayList<>();

  /** Bytes of frames written and not read, while {@link #autoComplete} is off. */
  volatile long unread;

  volatile short closedWith;
  volatile boolean autoComplete = true;

  @Override
  public void reply(String text, Runnable afterWritten) {
    texts.add(text);
    afterWritten.run();
  }

  @Override
  public void write(OutboundFrame frame) {
    texts.add(frame.text());
    frames.add(frame);
    if (!autoComplete) {
      unread += frame.size();
    }
  }

  @Override
  public long queuedBytes() {
    return unread;
  }

  /** The client reads everything written so far. */
  void readAll() {
    unread = 0;
  }

  @Override
  public void close(short code, String reason) {
    closedWith = code;
  }

  static MessagingClient client(
      String id, RecordingConnection connection, LocalDirectory directory, long maxBytes) {
    return new MessagingClient(
        id,
        "gw-test",
        "127.0.0.1:1",
        connection,
        directory,
        new GatewayPresence(
            "gw-test", java.time.Duration.ofSeconds(5), record -> {}, System::currentTimeMillis),
        new MessagingClient.Limits(maxBytes, 0),
        dev.beacon.gateway.security.SessionGuard.unrestricted());
  }
}
