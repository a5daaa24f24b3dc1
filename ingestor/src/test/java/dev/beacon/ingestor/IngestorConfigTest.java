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

    assertThatThrownBy(() -> ok.withApi("0.0.0.0", 70_000)).hasMessageContaining("BEACON_INGESTOR_PORT");
    assertThatThrownBy(() -> ok.withApi(" ", 8081)).hasMessageContaining("BEACON_INGESTOR_HOST");
    assertThatThrownBy(() -> ok.withBatch(0, Duration.ofMillis(100))).hasMessageContaining("BEACON_INGEST_BATCH_ROWS");
    assertThatThrownBy(() -> ok.withBatch(1_000, Duration.ZERO)).hasMessageContaining("BEACON_INGEST_BATCH_DELAY");
    assertThatThrownBy(() -> ok.withGroupId("")).hasMessageContaining("BEACON_INGESTOR_GROUP");
    assertThatThrownBy(() -> IngestorConfig.defaults(null)).hasMessageContaining("BEACON_DATA_DIR");
  }

  @Test
  @DisplayName("port 0 is accepted and means a free port")
  void portZero() {
    assertThat(IngestorConfig.defaults(DATA).withApi("127.0.0.1", 0).apiPort()).isZero();
  }
}
