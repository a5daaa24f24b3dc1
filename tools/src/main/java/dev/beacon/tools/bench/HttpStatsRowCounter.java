package dev.beacon.tools.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reads the stored row count from the ingestor's stats endpoint ({@code GET
 * http://host:port/api/stats}, field {@code rows}). Blocking; for {@link RowCountWatcher}. A failed
 * request, a non-2xx status or a missing field throws {@link IllegalStateException}.
 */
public final class HttpStatsRowCounter implements LongSupplier {

  public static final String STATS_PATH = "/api/stats";
  public static final String ROWS_FIELD = "rows";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final HttpRequest request;
  private final String[] fieldPath;

  /** Reads top-level {@code rows} from {@code http://host:port/api/stats}. */
  public HttpStatsRowCounter(String host, int port) {
    this(URI.create("http://" + host + ":" + port + STATS_PATH), ROWS_FIELD);
  }

  /**
   * @param statsUrl the stats endpoint
   * @param fieldPath the row count's field, dotted for a nested one ({@code store.rows})
   */
  public HttpStatsRowCounter(URI statsUrl, String fieldPath) {
    this.request = HttpRequest.newBuilder(statsUrl).timeout(REQUEST_TIMEOUT).GET().build();
    this.fieldPath = fieldPath.split("\\.");
  }

  @Override
  public long getAsLong() {
    HttpResponse<String> response = fetch();
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
    }
    return rows(response.body());
  }

  private HttpResponse<String> fetch() {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + request.uri(), e);
    }
  }

  private long rows(String body) {
    try {
      JsonObject json = new JsonObject(body);
      for (int i = 0; i < fieldPath.length - 1 && json != null; i++) {
        json = json.getJsonObject(fieldPath[i]);
      }
      Object rows = json == null ? null : json.getValue(fieldPath[fieldPath.length - 1]);
      if (rows instanceof Number number) {
        return number.longValue();
      }
      throw new IllegalStateException(
          request.uri() + " has no numeric " + String.join(".", fieldPath));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException(
          request.uri() + " did not answer a JSON object: " + e.getMessage(), e);
    }
  }
}
