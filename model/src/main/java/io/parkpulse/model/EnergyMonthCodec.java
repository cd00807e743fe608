package io.parkpulse.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * JSON of {@link EnergyMonth} on {@code parkpulse.{park}.energy.v1}, as described by {@code
 * schemas/energy-month.v1.json}. Every field is written, absent values as JSON null, and every
 * field must be present to decode: a reader cannot tell a missing figure from a zero otherwise.
 * Thread-safe.
 */
public final class EnergyMonthCodec {

  private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");

  private final ObjectMapper mapper = new ObjectMapper();

  /** Encodes a month's record. */
  public byte[] encode(EnergyMonth m) {
    ObjectNode node = mapper.createObjectNode();
    node.put("park", m.park());
    node.put("enterprise", m.enterprise());
    node.put("month", m.month().toString());
    node.put("revision", m.revision());
    node.put("computedAt", m.computedAt().toString());
    node.put("electricityKwh", m.electricityKwh());
    node.put("unmonitoredKwh", m.unmonitoredKwh());
    node.put("pvKwh", m.pvKwh());
    node.put("greenKwh", m.greenKwh());
    node.put("gridKwh", m.gridKwh());
    ArrayNode carriers = node.putArray("carriers");
    for (EnergyMonth.CarrierFigure c : m.carriers()) {
      carriers
          .addObject()
          .put("carrier", c.carrier().id())
          .put("quantity", c.quantity())
          .put("unit", c.unit())
          .put("tce", c.tce());
    }
    node.put("totalTce", m.totalTce());
    node.put("tco2", m.tco2());
    node.put("cleanShare", m.cleanShare());
    node.put("co2PerTce", m.co2PerTce());
    node.put("threshold", m.threshold());
    node.put("meetsCore", m.meetsCore());
    node.put("goodUnits", m.goodUnits());
    node.put("kwhPerGood", m.kwhPerGood());
    EnergyMonth.Quality q = m.quality();
    ObjectNode quality = node.putObject("quality");
    quality.put("meters", q.meters());
    quality.put("meterDays", q.meterDays());
    quality.put("monitoredMeterDays", q.monitoredMeterDays());
    quality.put("completeness", q.completeness());
    quality.put("unmonitoredKwh", q.unmonitoredKwh());
    ArrayNode without = quality.putArray("metersWithoutData");
    q.metersWithoutData().forEach(without::add);
    quality.put("flags", q.flags());
    ArrayNode factors = node.putArray("factors");
    for (EnergyMonth.FactorUsed f : m.factors()) {
      factors
          .addObject()
          .put("carrier", f.carrier().id())
          .put("kind", f.kind().id())
          .put("id", f.id())
          .put("value", f.value())
          .put("unit", f.unit())
          .put("source", f.source())
          .put("validFrom", f.validFrom().toString());
    }
    try {
      return mapper.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Decodes a month's record.
   *
   * @throws InvalidPayloadException saying which field is wrong, if the value is not one
   */
  public EnergyMonth decode(byte[] value) throws InvalidPayloadException {
    JsonNode node;
    try {
      node = mapper.readTree(value);
    } catch (IOException e) {
      throw new InvalidPayloadException("energy month is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("energy month must be a JSON object");
    }
    try {
      return new EnergyMonth(
          text(node, "park"),
          text(node, "enterprise"),
          month(text(node, "month")),
          smallInteger(node, "revision"),
          Instant.parse(text(node, "computedAt")),
          number(node, "electricityKwh"),
          number(node, "unmonitoredKwh"),
          number(node, "pvKwh"),
          number(node, "greenKwh"),
          number(node, "gridKwh"),
          list(node, "carriers", EnergyMonthCodec::carrierFigure),
          number(node, "totalTce"),
          number(node, "tco2"),
          nullableNumber(node, "cleanShare"),
          nullableNumber(node, "co2PerTce"),
          number(node, "threshold"),
          nullableBoolean(node, "meetsCore"),
          nullableInteger(node, "goodUnits"),
          nullableNumber(node, "kwhPerGood"),
          quality(object(node, "quality")),
          list(node, "factors", EnergyMonthCodec::factorUsed));
    } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
      throw new InvalidPayloadException("invalid energy month: " + e.getMessage(), e);
    }
  }

  private static EnergyMonth.CarrierFigure carrierFigure(JsonNode node) {
    requireObject(node, "each of carriers");
    return new EnergyMonth.CarrierFigure(
        carrier(text(node, "carrier")),
        number(node, "quantity"),
        text(node, "unit"),
        number(node, "tce"));
  }

  private static EnergyMonth.Quality quality(JsonNode node) {
    return new EnergyMonth.Quality(
        smallInteger(node, "meters"),
        smallInteger(node, "meterDays"),
        smallInteger(node, "monitoredMeterDays"),
        number(node, "completeness"),
        number(node, "unmonitoredKwh"),
        list(node, "metersWithoutData", EnergyMonthCodec::textItem),
        smallInteger(node, "flags"));
  }

  private static EnergyMonth.FactorUsed factorUsed(JsonNode node) {
    requireObject(node, "each of factors");
    String kind = text(node, "kind");
    return new EnergyMonth.FactorUsed(
        carrier(text(node, "carrier")),
        EnergyMonth.FactorKind.of(kind)
            .orElseThrow(
                () -> new IllegalArgumentException("factor kind '" + kind + "' is not tce or co2")),
        integer(node, "id"),
        number(node, "value"),
        text(node, "unit"),
        text(node, "source"),
        LocalDate.parse(text(node, "validFrom")));
  }

  private static EnergyMonth.Carrier carrier(String id) {
    return EnergyMonth.Carrier.of(id)
        .orElseThrow(() -> new IllegalArgumentException("carrier '" + id + "' is not known"));
  }

  /** Strict, where {@link YearMonth#parse} would also take a sign and more digits. */
  private static YearMonth month(String text) {
    if (!MONTH.matcher(text).matches()) {
      throw new IllegalArgumentException("month '" + text + "' must be YYYY-MM");
    }
    return YearMonth.parse(text);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.asText();
  }

  private static String textItem(JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("metersWithoutData must hold strings");
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return v.asDouble();
  }

  private static Double nullableNumber(JsonNode node, String field) {
    return required(node, field).isNull() ? null : number(node, field);
  }

  private static long integer(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return v.asLong();
  }

  private static int smallInteger(JsonNode node, String field) {
    long v = integer(node, field);
    if (v != (int) v) {
      throw new IllegalArgumentException(field + " is out of range: " + v);
    }
    return (int) v;
  }

  private static Long nullableInteger(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + " must be an integer or null");
    }
    return v.asLong();
  }

  private static Boolean nullableBoolean(JsonNode node, String field) {
    JsonNode v = required(node, field);
    if (v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true, false or null");
    }
    return v.asBoolean();
  }

  private static JsonNode object(JsonNode node, String field) {
    return requireObject(required(node, field), field);
  }

  private static JsonNode requireObject(JsonNode v, String what) {
    if (!v.isObject()) {
      throw new IllegalArgumentException(what + " must be an object");
    }
    return v;
  }

  private static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
    JsonNode v = required(node, field);
    if (!v.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    List<T> items = new ArrayList<>(v.size());
    for (JsonNode element : v) {
      items.add(item.apply(element));
    }
    return items;
  }
}
