package org.opendtm.collection.internal.xlsform;

import java.util.Locale;
import java.util.Optional;

/**
 * The XLSForm question types OpenDTM converts, with what each becomes in the XForm: the bind's data
 * type, the body control, and for metadata the JavaRosa preload that fills it on the phone.
 */
enum QuestionType {
  TEXT("text", "string", Control.INPUT),
  INTEGER("integer", "int", Control.INPUT),
  DECIMAL("decimal", "decimal", Control.INPUT),
  DATE("date", "date", Control.INPUT),
  TIME("time", "time", Control.INPUT),
  DATE_TIME("dateTime", "dateTime", Control.INPUT),
  GEOPOINT("geopoint", "geopoint", Control.INPUT),
  GEOTRACE("geotrace", "geotrace", Control.INPUT),
  GEOSHAPE("geoshape", "geoshape", Control.INPUT),
  BARCODE("barcode", "barcode", Control.INPUT),
  SELECT_ONE("select_one", "string", Control.SELECT1),
  SELECT_MULTIPLE("select_multiple", "string", Control.SELECT),
  NOTE("note", "string", Control.INPUT),
  ACKNOWLEDGE("acknowledge", "string", Control.TRIGGER),
  IMAGE("image", "binary", Control.UPLOAD, "image/*"),
  AUDIO("audio", "binary", Control.UPLOAD, "audio/*"),
  VIDEO("video", "binary", Control.UPLOAD, "video/*"),
  FILE("file", "binary", Control.UPLOAD, "application/*"),
  CALCULATE("calculate", "string", Control.NONE),
  HIDDEN("hidden", "string", Control.NONE),
  START("start", "dateTime", Control.NONE, null, "timestamp", "start"),
  END("end", "dateTime", Control.NONE, null, "timestamp", "end"),
  TODAY("today", "date", Control.NONE, null, "date", "today"),
  DEVICE_ID("deviceid", "string", Control.NONE, null, "property", "deviceid"),
  USERNAME("username", "string", Control.NONE, null, "property", "username"),
  PHONE_NUMBER("phonenumber", "string", Control.NONE, null, "property", "phonenumber"),
  SUBSCRIBER_ID("subscriberid", "string", Control.NONE, null, "property", "subscriberid"),
  SIM_SERIAL("simserial", "string", Control.NONE, null, "property", "simserial"),
  EMAIL("email", "string", Control.NONE, null, "property", "email");

  /** How a question is shown in the XForm body; NONE for fields the enumerator never sees. */
  enum Control {
    INPUT,
    SELECT1,
    SELECT,
    UPLOAD,
    TRIGGER,
    NONE
  }

  private final String keyword;
  private final String dataType;
  private final Control control;
  private final String mediaType;
  private final String preload;
  private final String preloadParams;

  QuestionType(String keyword, String dataType, Control control) {
    this(keyword, dataType, control, null, null, null);
  }

  QuestionType(String keyword, String dataType, Control control, String mediaType) {
    this(keyword, dataType, control, mediaType, null, null);
  }

  QuestionType(
      String keyword,
      String dataType,
      Control control,
      String mediaType,
      String preload,
      String preloadParams) {
    this.keyword = keyword;
    this.dataType = dataType;
    this.control = control;
    this.mediaType = mediaType;
    this.preload = preload;
    this.preloadParams = preloadParams;
  }

  /** The type for an XLSForm keyword ({@code integer}, {@code int}, {@code dateTime}, …). */
  static Optional<QuestionType> of(String keyword) {
    String key = keyword.toLowerCase(Locale.ROOT);
    if (key.equals("int")) return Optional.of(INTEGER);
    if (key.equals("photo")) return Optional.of(IMAGE);
    for (QuestionType type : values()) {
      if (type.keyword.equalsIgnoreCase(key)) return Optional.of(type);
    }
    return Optional.empty();
  }

  String keyword() {
    return keyword;
  }

  String dataType() {
    return dataType;
  }

  Control control() {
    return control;
  }

  String mediaType() {
    return mediaType;
  }

  String preload() {
    return preload;
  }

  String preloadParams() {
    return preloadParams;
  }

  boolean isSelect() {
    return this == SELECT_ONE || this == SELECT_MULTIPLE;
  }

  boolean isMetadata() {
    return preload != null;
  }

  /** Questions the enumerator sees need a label (or at least a hint) to be answerable. */
  boolean needsLabel() {
    return control != Control.NONE;
  }
}
