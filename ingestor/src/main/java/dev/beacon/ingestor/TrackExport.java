package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one device's fixes in a time range as a chunked response: each chunk of {@value
 * #CHUNK_ROWS} fixes is read by a short keyset query on a worker (a read connection is held only
 * for that query, never while the client reads), rendered by its {@link TrackFormat}, and the next
 * one is read only once the previous one was written to the socket. Memory per export is one chunk,
 * however long the range; a slow client slows its own export and nothing else.
 *
 * <p>A failure after the head was sent cannot change the status any more: the connection is reset,
 * so the client sees a response without its final chunk rather than a short file that looks whole.
 */
final class TrackExport {

  private static final Logger log = LoggerFactory.getLogger(TrackExport.class);

  /** Fixes read and rendered per chunk. */
  static final int CHUNK_ROWS = 2_000;

  private final Vertx vertx;
  private final SqliteFixStore store;
  private final TrackFormat format;
  private final PositionQuery range;
  private final HttpServerResponse response;
  private final TrackFormat.State state = new TrackFormat.State();
  private long written;

  private TrackExport(
      Vertx vertx,
      SqliteFixStore store,
      TrackFormat format,
      PositionQuery range,
      HttpServerResponse response) {
    this.vertx = vertx;
    this.store = store;
    this.format = format;
    this.range = range;
    this.response = response;
  }

  /** Starts streaming {@code range} to {@code response}, whose status and headers are unsent. */
  static void stream(
      Vertx vertx,
      SqliteFixStore store,
      TrackFormat format,
      PositionQuery range,
      HttpServerResponse response) {
    new TrackExport(vertx, store, format, range, response).start();
  }

  private void start() {
    response
        .setChunked(true)
        .putHeader("content-type", format.contentType())
        .putHeader(
            "content-disposition",
            "attachment; filename=\"" + range.deviceId() + "." + format.extension() + "\"");
    response
        .write(format.head(range.deviceId()))
        .compose(v -> pass(0, range.fromMs()))
        .compose(v -> response.end(format.tail(state)))
        .onFailure(this::abort);
  }

  /** Reads and writes pass {@code pass} from {@code fromMs}, one chunk at a time. */
  private Future<Void> pass(int pass, long fromMs) {
    return vertx
        .executeBlocking(() -> chunk(pass, fromMs), false)
        .compose(
            chunk -> {
              Future<Void> sent =
                  chunk.text().isEmpty()
                      ? Future.succeededFuture()
                      : response.write(Buffer.buffer(chunk.text()));
              if (chunk.nextFrom() != null) {
                return sent.compose(v -> pass(pass, chunk.nextFrom()));
              }
              String end = format.endOfPass(pass, state);
              Future<Void> ended = end.isEmpty() ? sent : sent.compose(v -> response.write(end));
              return pass + 1 < format.passes()
                  ? ended.compose(v -> pass(pass + 1, range.fromMs()))
                  : ended;
            });
  }

  /**
   * One rendered chunk, and where the next one starts (null at the end of the pass).
   *
   * @param text the chunk, possibly empty
   */
  private record Chunk(String text, Long nextFrom) {}

  private Chunk chunk(int pass, long fromMs) {
    List<GpsFix> fixes = store.positions(range.deviceId(), fromMs, range.toMs(), CHUNK_ROWS);
    StringBuilder out = new StringBuilder(fixes.size() * 160);
    format.render(pass, fixes, state, out);
    written += fixes.size();
    Long next = null;
    if (fixes.size() == CHUNK_ROWS) {
      long last = fixes.get(fixes.size() - 1).deviceTs();
      next = last < range.toMs() ? last + 1 : null;
    }
    return new Chunk(out.toString(), next);
  }

  private void abort(Throwable failure) {
    log.warn(
        "{} export of device {} stopped after {} fixes: {}",
        format,
        range.deviceId(),
        written,
        failure.getMessage());
    response.reset();
  }
}
