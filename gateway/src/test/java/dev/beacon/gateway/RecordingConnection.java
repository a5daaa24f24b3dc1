package dev.beacon.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A connection without a socket: replies are written at once; frame writes complete when the test says so. */
final class RecordingConnection implements MessagingClient.Connection {

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final List<ByteBuf> frameBytes = new ArrayList<>();
  final List<Promise<Void>> writes = new ArrayList<>();
  volatile short closedWith;
  volatile boolean autoComplete = true;

  @Override
  public void reply(String text, Runnable afterWritten) {
    texts.add(text);
    afterWritten.run();
  }

  @Override
  public Future<Void> write(WebSocketFrame frame) {
    texts.add(frame.textData());
    frameBytes.add(((WebSocketFrameImpl) frame).getBinaryData());
    Promise<Void> written = Promise.promise();
    writes.add(written);
    if (autoComplete) {
      written.complete();
    }
    return written.future();
  }

  @Override
  public void close(short code, String reason) {
    closedWith = code;
  }

  static MessagingClient client(String id, RecordingConnection connection, LocalDirectory directory, long maxBytes) {
    return new MessagingClient(id, "gw-test", "127.0.0.1:1", connection, directory, new GatewayPresence("gw-test", java.time.Duration.ofSeconds(5), record -> { },
        System::currentTimeMillis), maxBytes,
        dev.beacon.gateway.security.SessionGuard.unrestricted());
  }
}
