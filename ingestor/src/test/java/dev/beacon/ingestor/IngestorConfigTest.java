package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestorConfigTest {

  static final Path DATA = Path.of("data");

  @Test
  @DisplayName("defaults use the documented constants and put the database in the data directory")
  void defaults() {
    IngestorConfig config = IngestorConfig.defaults(DATA);

    assertThat(config.apiHost()).isEqualTo(IngestorConfig.DEFAULT_API_HOST);
    assertThat(config.apiPort()).isEqualTo(IngestorConfig.DEFAULT_API_PORT);
    assertThat(config.batchMaxRows()).isEqualTo(IngestorConfig.DEFAULT_BATCH_MAX_ROWS);
    assertThat(config.batchMaxDelay()).isEqualTo(IngestorConfig.DEFAULT_BATCH_MAX_DELAY);
    assertThat(config.groupId()).isEqualTo("beacon-ingestor");
    assertThat(config.rebuild()).isFalse();
    assertThat(config.databaseFile()).isEqualTo(DATA.resolve("gps.db"));
  }

  @Test
  @DisplayName("invalid settings are rejected with the variable that fixes them")
  void rejectsInvalidSettings() {
    IngestorConfig ok = IngestorConfig.defaults(DATA);

    assertThatThrownBy(() -> ok.toBuilder().apiHost("0.0.0.0").apiPort(70_000).build())
        .hasMessageContaining("BEACON_INGESTOR_PORT");
    assertThatThrownBy(() -> ok.toBuilder().apiHost(" ").apiPort(8081).build())
        .hasMessageContaining("BEACON_INGESTOR_HOST");
    assertThatThrownBy(
            () -> ok.toBuilder().batchMaxRows(0).batchMaxDelay(Duration.ofMillis(100)).build())
        .hasMessageContaining("BEACON_INGEST_BATCH_ROWS");
    assertThatThrownBy(
            () -> ok.toBuilder().batchMaxRows(1_000).batchMaxDelay(Duration.ZERO).build())
        .hasMessageContaining("BEACON_INGEST_BATCH_DELAY");
    assertThatThrownBy(() -> ok.toBuilder().groupId("").build())
        .hasMessageContaining("BEACON_INGESTOR_GROUP");
    assertThatThrownBy(() -> IngestorConfig.defaults(null)).hasMessageContaining("BEACON_DATA_DIR");
  }

  @Test
  @DisplayName("port 0 is accepted and means a free port")
  void portZero() {
    assertThat(
            IngestorConfig.defaults(DATA).toBuilder()
                .apiHost("127.0.0.1")
                .apiPort(0)
                .build()
                .apiPort())
        .isZero();
  }
}
