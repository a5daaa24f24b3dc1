package dev.beacon.common.gps;

/** Why a GPS frame was rejected. The codes are part of the protocol contract. */
public enum RejectReason {
  EMPTY_FRAME("empty_frame"),
  LINE_TOO_LONG("line_too_long"),
  BAD_FORMAT("bad_format"),
  BAD_DEVICE_ID("bad_device_id"),
  BAD_TIMESTAMP("bad_timestamp"),
  TIMESTAMP_IN_FUTURE("timestamp_in_future"),
  BAD_NUMBER("bad_number"),
  LAT_OUT_OF_RANGE("lat_out_of_range"),
  LON_OUT_OF_RANGE("lon_out_of_range");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
