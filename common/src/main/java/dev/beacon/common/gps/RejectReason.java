package dev.beacon.common.gps;

import dev.beacon.common.protocol.ErrorCode;

/** Why a GPS frame was rejected: the GPS subset of the error catalogue ({@link ErrorCode}). */
public enum RejectReason {
  EMPTY_FRAME(ErrorCode.EMPTY_FRAME),
  LINE_TOO_LONG(ErrorCode.LINE_TOO_LONG),
  BAD_FORMAT(ErrorCode.BAD_FORMAT),
  BAD_DEVICE_ID(ErrorCode.BAD_DEVICE_ID),
  BAD_TIMESTAMP(ErrorCode.BAD_TIMESTAMP),
  TIMESTAMP_IN_FUTURE(ErrorCode.TIMESTAMP_IN_FUTURE),
  BAD_NUMBER(ErrorCode.BAD_NUMBER),
  LAT_OUT_OF_RANGE(ErrorCode.LAT_OUT_OF_RANGE),
  LON_OUT_OF_RANGE(ErrorCode.LON_OUT_OF_RANGE),
  SPEED_OUT_OF_RANGE(ErrorCode.SPEED_OUT_OF_RANGE),
  COURSE_OUT_OF_RANGE(ErrorCode.COURSE_OUT_OF_RANGE),
  ALTITUDE_OUT_OF_RANGE(ErrorCode.ALTITUDE_OUT_OF_RANGE),
  ACCURACY_OUT_OF_RANGE(ErrorCode.ACCURACY_OUT_OF_RANGE),
  BATTERY_OUT_OF_RANGE(ErrorCode.BATTERY_OUT_OF_RANGE),
  TOO_MANY_ATTRIBUTES(ErrorCode.TOO_MANY_ATTRIBUTES),
  BAD_ATTRIBUTE(ErrorCode.BAD_ATTRIBUTE);

  private final ErrorCode error;

  RejectReason(ErrorCode error) {
    this.error = error;
  }

  /** The catalogue entry of this reason. */
  public ErrorCode error() {
    return error;
  }

  /** The code as it appears on the wire. */
  public String code() {
    return error.code();
  }
}
