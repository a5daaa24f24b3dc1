package dev.beacon.ingestor;

/**
 * A fix refused because its device had already stored another position at the same device
 * timestamp: the stored fix is kept (first written wins, as in Kafka's order), the refused one is
 * recorded here (docs/storage.md).
 *
 * @param id position in {@code gps_conflict}, in the order conflicts were found; the paging key
 * @param topic the refused fix's Kafka record, with {@code partition} and {@code offset} (empty or
 *     -1 when unknown)
 * @param detectedAt ingestor clock when the conflict was recorded, epoch milliseconds
 */
record FixConflict(
    long id,
    String deviceId,
    long deviceTs,
    double storedLat,
    double storedLon,
    double refusedLat,
    double refusedLon,
    String gateway,
    long receivedAt,
    String topic,
    int partition,
    long offset,
    long detectedAt) {}
