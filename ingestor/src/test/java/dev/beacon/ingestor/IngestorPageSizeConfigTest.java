package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("IngestorConfig: the largest page of the query API")
class IngestorPageSizeConfigTest {

  @Test
  @DisplayName(
      "defaults to the positions limit accepted before paging, also through the older constructor")
  void defaults() {
    IngestorConfig config = IngestorConfig.defaults(Path.of("data"));
    assertThat(config.maxPageSize())
        .isEqualTo(IngestorConfig.DEFAULT_MAX_PAGE_SIZE)
        .isEqualTo(100_000);
    assertThat(config.toBuilder().apiHost("127.0.0.1").apiPort(0).build().maxPageSize())
        .isEqualTo(100_000);
    assertThat(config.toBuilder().maxPageSize(50).rebuild(true).build().maxPageSize())
        .isEqualTo(50);
  }

  @Test
  @DisplayName("outside 1-1000000 it is refused with the variable to set")
  void refused() {
    IngestorConfig config = IngestorConfig.defaults(Path.of("data"));
    assertThatThrownBy(() -> config.toBuilder().maxPageSize(0).build())
        .hasMessageContaining("BEACON_INGESTOR_MAX_PAGE_SIZE");
    assertThatThrownBy(() -> config.toBuilder().maxPageSize(1_000_001).build())
        .hasMessageContaining("1-1000000");
  }
}
