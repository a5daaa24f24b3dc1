package dev.beacon.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One read of a Prometheus {@code /metrics} endpoint, with lookups of single series. */
public record Scrape(String text) {

  /** HTTP/1.1, as the servers speak: no h2c upgrade attempt. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  public static Scrape of(String url) {
    try {
      // The request timeout alone once failed to end a read (a full suite hung here for 16
      // minutes): bound the wait too.
      HttpResponse<String> response =
          HTTP.sendAsync(
                  HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                  HttpResponse.BodyHandlers.ofString())
              .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        throw new AssertionError(url + " answered " + response.statusCode());
      }
      return new Scrape(response.body());
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot read " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The value of the first series named {@code name} whose labels include every {@code
   * label="value"} given, or NaN when there is none.
   */
  public double value(String name, String... labels) {
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= line.contains(label);
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  public boolean has(String name) {
    return !Double.isNaN(value(name));
  }
}
