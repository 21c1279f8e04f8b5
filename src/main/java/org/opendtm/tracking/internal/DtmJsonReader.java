package org.opendtm.tracking.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;

/**
 * Streams the records of a DTM API v3 JSON file — the envelope {@code {"result": [...]}} or a bare
 * array — one at a time, with Jackson's token stream: the file is never held as a tree.
 */
final class DtmJsonReader {

  private static final JsonFactory FACTORY = new JsonFactory();

  private DtmJsonReader() {}

  /** Calls the consumer with each record's number (1-based) and its fields as text. */
  static void read(Path file, BiConsumer<Long, Map<String, String>> records) {
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = FACTORY.createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        boolean found = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("result".equals(name) && value == JsonToken.START_ARRAY) {
            readArray(parser, records);
            found = true;
          } else {
            parser.skipChildren();
          }
        }
        if (!found) throw invalid("the JSON object has no \"result\" array of records");
      } else if (first == JsonToken.START_ARRAY) {
        readArray(parser, records);
      } else {
        throw invalid("expected a JSON object with \"result\" or an array of records");
      }
    } catch (JsonParseException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE,
          "The JSON is malformed at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The file could not be read: " + e.getMessage());
    }
  }

  private static void readArray(JsonParser parser, BiConsumer<Long, Map<String, String>> records)
      throws IOException {
    long number = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      number++;
      if (token != JsonToken.START_OBJECT) {
        throw new OpenDtmException(
            PlatformErrorCode.UNREADABLE_FILE,
            "Record " + number + " is not a JSON object",
            java.util.List.of(new InputError(number, null, null, "not a JSON object")));
      }
      Map<String, String> record = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          parser.skipChildren();
          record.put(name, "");
        } else if (value == JsonToken.VALUE_NULL) {
          record.put(name, "");
        } else {
          record.put(name, parser.getText());
        }
      }
      records.accept(number, record);
    }
  }

  private static OpenDtmException invalid(String reason) {
    return new OpenDtmException(
        PlatformErrorCode.UNREADABLE_FILE, "Not DTM API records: " + reason);
  }
}
