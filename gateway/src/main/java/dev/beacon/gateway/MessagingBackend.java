package dev.beacon.gateway;

/**
 * The process-wide seams of real-time messaging: where messages go, who is connected, where presence is told,
 * where missed messages are replayed from.
 * Shared by every verticle instance, so each part is thread-safe.
 */
public record MessagingBackend(MessageSink sink, ClusterView view, PresencePublisher presence, Recovery recovery) {

  /** Messages to {@code sink}; presence kept in this process only ({@link LocalClusterView}); no recovery. */
  public static MessagingBackend local(MessageSink sink) {
    return local(sink, Recovery.none());
  }

  public static MessagingBackend local(MessageSink sink, Recovery recovery) {
    LocalClusterView view = new LocalClusterView();
    return new MessagingBackend(sink, view, view, recovery);
  }
}
