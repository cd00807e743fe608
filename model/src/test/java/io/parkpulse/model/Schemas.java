package io.parkpulse.model;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;

/** The contract's JSON Schemas, loaded from the classpath by their ids, for the codec tests. */
final class Schemas {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          b ->
              b.schemaMappers(
                  m ->
                      m.mapPrefix(
                          "https://parkpulse.io/schemas/",
                          "classpath:io/parkpulse/model/schemas/")));

  private Schemas() {}

  /** The schema {@code https://parkpulse.io/schemas/{file}}, e.g. {@code device-event.v1.json}. */
  static JsonSchema load(String file) {
    return FACTORY.getSchema(SchemaLocation.of("https://parkpulse.io/schemas/" + file));
  }
}
