package dev.beacon.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An application's backend for the proxy hooks: a real Vert.x HTTP server on a free loopback port
 * that records each call and answers it as told, per path ({@code /connect}, {@code /subscribe},
 * ...); a path told to {@link #stall} never answers.
 */
final class FakeAppBackend {

  /** One call the gateway made. */
  record Call(String path, JsonObject body, MultiMap headers) {}

  private final Map<String, Function<JsonObject, JsonObject>> answers = new ConcurrentHashMap<>();
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final BlockingQueue<HttpServerRequest> stalled = new LinkedBlockingQueue<>();
  private HttpServer server;

  static FakeAppBackend start(Vertx vertx) {
    FakeAppBackend backend = new FakeAppBackend();
    backend.server =
        TestClient.await(
            vertx.createHttpServer().requestHandler(backend::handle).listen(0, "127.0.0.1"));
    return backend;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Answers every call to {@code path} with {@code reply}. */
  FakeAppBackend answer(String path, JsonObject reply) {
    return answer(path, body -> reply);
  }

  FakeAppBackend answer(String path, Function<JsonObject, JsonObject> reply) {
    answers.put(path, reply);
    return this;
  }

  /** Calls to {@code path} are read and never answered. */
  FakeAppBackend stall(String path) {
    answers.put(path, body -> null);
    return this;
  }

  /** The next call, waiting up to 5 s. */
  Call nextCall() throws InterruptedException {
    Call call = calls.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError(
          "no call reached the backend within " + TestClient.WAIT_SECONDS + " s");
    }
    return call;
  }

  int callsSeen() {
    return calls.size();
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            buffer -> {
              JsonObject body = buffer.toJsonObject();
              calls.add(new Call(request.path(), body, request.headers()));
              Function<JsonObject, JsonObject> answer = answers.get(request.path());
              JsonObject reply = answer == null ? null : answer.apply(body);
              if (answer == null) {
                request.response().setStatusCode(404).end();
              } else if (reply == null) {
                stalled.add(request);
              } else {
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end(reply.encode());
              }
            });
  }

  void close() {
    TestClient.await(server.close());
  }
}
