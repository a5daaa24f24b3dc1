package dev.beacon.tools.chat;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.server.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code beacon chat --demo}: two clients, alice and bob, walk through every feature of the
 * protocol and the client library, and every exchange is printed. Exit code 0 when every step got
 * its answer.
 */
public final class ChatDemo {

  private static final String ROOM = "demo";

  private final Vertx vertx;
  private final ClientOptions options;
  private final ChatPrinter printer;
  private final BlockingQueue<String> bobInbox = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> aliceInbox = new LinkedBlockingQueue<>();

  public ChatDemo(Vertx vertx, ClientOptions options, ChatPrinter printer) {
    this.vertx = vertx;
    this.options = options;
    this.printer = printer;
  }

  /** Runs the walk-through; returns the exit code. */
  public int run() {
    BeaconClient alice = client("alice", aliceInbox);
    BeaconClient bob = client("bob", bobInbox);
    try {
      step(
          "alice connects",
          () -> alice.connect().map(id -> "welcome: client " + id + " on " + alice.gateway()));
      step(
          "bob connects",
          () -> bob.connect().map(id -> "welcome: client " + id + " on " + bob.gateway()));
      step("alice -> ping", () -> alice.ping().map(JsonObject::encode));
      step("alice -> get_stats", () -> alice.stats().map(JsonObject::encode));
      step("alice -> subscribe " + ROOM, () -> alice.join(ROOM).map(JsonObject::encode));
      step("bob -> subscribe " + ROOM, () -> bob.join(ROOM).map(JsonObject::encode));
      step("alice -> chat in " + ROOM, () -> alice.chat(ROOM, "hello bob").map("sent"));
      received("bob", bobInbox);
      received("alice (her own copy)", aliceInbox);
      step("bob -> broadcast", () -> bob.broadcast("hello everyone").map(JsonObject::encode));
      received("alice", aliceInbox);
      received("bob (his own copy)", bobInbox);
      step(
          "alice -> direct to bob", () -> alice.direct(bob.clientId(), "just for you").map("sent"));
      received("bob", bobInbox);
      step("alice -> presence " + ROOM, () -> alice.presence(ROOM).map(p -> p.reply().encode()));
      step("alice -> a message above her max message size", () -> oversize(alice));
      step("bob -> unsubscribe " + ROOM, () -> bob.leave(ROOM).map(JsonObject::encode));
      step("alice -> close(1000, \"demo done\")", () -> closeAndReport(alice));
      printer.line("demo complete");
      return 0;
    } catch (IllegalStateException e) {
      printer.line("! demo failed: " + e.getMessage());
      return 1;
    } finally {
      Blocking.awaitQuietly(bob.close(), "close bob");
      Blocking.awaitQuietly(alice.close(), "close alice");
    }
  }

  private BeaconClient client(String name, BlockingQueue<String> inbox) {
    return BeaconClient.create(vertx, options)
        .sender(name)
        .messageHandler(m -> inbox.add(ChatPrinter.describe(m)));
  }

  private void step(String what, Supplier<Future<String>> action) {
    printer.line(what);
    printer.line("   <- " + Blocking.await(action.get(), what));
  }

  private void received(String who, BlockingQueue<String> inbox) {
    try {
      String line = inbox.poll(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IllegalStateException(
            who + " received nothing within " + options.requestTimeout().toMillis() + " ms");
      }
      printer.line("   " + who + " <- " + line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Future<String> oversize(BeaconClient client) {
    String tooBig = "x".repeat(options.maxMessageSize() + 1);
    return client
        .socket()
        .send(tooBig)
        .map("sent?!")
        .recover(
            e ->
                Future.succeededFuture(
                    "refused locally, connection still "
                        + client.socket().state()
                        + ": "
                        + e.getMessage()));
  }

  private Future<String> closeAndReport(BeaconClient client) {
    Promise<String> closed = Promise.promise();
    client.closedHandler(event -> closed.tryComplete("closed event: " + event));
    client.close(1000, "demo done");
    return closed.future();
  }
}
