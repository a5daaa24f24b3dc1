package dev.beacon.tools.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Event-loop contexts to spread client connections over.
 *
 * <p>Connections opened from a plain thread would all land on one sticky context, so one core would
 * do all the client work; deploying one trivial instance per event loop gives a context on each.
 *
 * @param deploymentId undeploy it when the run is over, to release the contexts of a shared Vertx
 * @param contexts one context per requested event loop
 */
public record EventLoopContexts(String deploymentId, List<Context> contexts) {

  /**
   * Event loops a load generator uses: two at most, as it shares a small machine with the system
   * under test.
   */
  public static final int DEFAULT_EVENT_LOOPS =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

  /** A Vertx sized for a load generator, for callers that do not pass their own. */
  public static Vertx newClientVertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(DEFAULT_EVENT_LOOPS));
  }

  public static Future<EventLoopContexts> deploy(Vertx vertx, int count) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () ->
                context -> {
                  contexts.add(context);
                  return Future.succeededFuture();
                },
            new DeploymentOptions().setInstances(count))
        .map(id -> new EventLoopContexts(id, List.copyOf(contexts)));
  }

  /** The context that connection or device number {@code index} runs on. */
  public Context forIndex(int index) {
    return contexts.get(index % contexts.size());
  }

  public Future<Void> release(Vertx vertx) {
    return vertx.undeploy(deploymentId);
  }
}
