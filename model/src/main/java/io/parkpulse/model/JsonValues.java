package io.parkpulse.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/** Checks that text is exactly one JSON value, for payloads that are carried as JSON text. */
final class JsonValues {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonValues() {}

  /**
   * {@code json} without surrounding whitespace, if it is one JSON value.
   *
   * @throws IllegalArgumentException naming {@code what} otherwise
   */
  static String require(String json, String what) {
    if (json == null) {
      throw new IllegalArgumentException(what + " is required (JSON text; null is \"null\")");
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException(what + " must be one JSON value, not empty");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(what + " must be one JSON value, it has more");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
    }
    return json.strip();
  }
}
