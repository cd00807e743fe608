package io.parkpulse.platform.maturity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.maturity.Evidence.Answer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Assesses enterprises: gathers their evidence (indicators from stored data, questionnaire answers
 * with their verification), scores it against the catalog, keeps the assessment and publishes it to
 * the park's maturity topic, keyed by enterprise.
 */
public final class Assessor implements AutoCloseable {

  /** The CloudEvents type of an assessment on {@code parkpulse.{park}.maturity.v1}. */
  public static final String EVENT_TYPE = "io.parkpulse.maturity.assessment.v1";

  private final DataSource dataSource;
  private final Catalog catalog;
  private final ScoringEngine engine = new ScoringEngine();
  private final IndicatorQueries indicators;
  private final Producer<String, byte[]> producer;
  private final String topicPrefix;
  private final Duration window;
  private final ObjectMapper mapper;
  private final Clock clock;

  public Assessor(
      DataSource dataSource,
      Catalog catalog,
      Producer<String, byte[]> producer,
      String topicPrefix,
      Duration window,
      ObjectMapper mapper,
      Clock clock) {
    this.dataSource = dataSource;
    this.catalog = catalog;
    this.indicators = new IndicatorQueries(dataSource);
    this.producer = producer;
    this.topicPrefix = topicPrefix;
    this.window = window;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void close() {
    producer.close();
  }

  public Catalog catalog() {
    return catalog;
  }

  /** A kept assessment: when, of which park, and the assessment. */
  public record Stored(long id, String park, Instant at, Assessment assessment) {}

  /** Assesses {@code enterprise} of {@code park} now, keeps and publishes the result. */
  public Stored assess(String park, String enterprise)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    Instant now = clock.instant();
    Evidence evidence =
        new Evidence(enterprise, indicators.compute(enterprise, now, window), answers(enterprise));
    Assessment assessment = engine.assess(catalog, evidence);
    byte[] json = json(assessment);
    long id;
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO maturity_assessment (enterprise_id, park_id, assessed_at,"
                    + " catalog_version, level, total, result) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)"
                    + " RETURNING id")) {
      insert.setString(1, enterprise);
      insert.setString(2, park);
      insert.setTimestamp(3, Timestamp.from(now));
      insert.setString(4, catalog.version());
      insert.setInt(5, assessment.level());
      insert.setDouble(6, assessment.total());
      insert.setString(7, new String(json, StandardCharsets.UTF_8));
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            new ParkTopic(topicPrefix, park, ParkTopic.Kind.MATURITY).name(), enterprise, json);
    CloudEvents.headers(EVENT_TYPE, "/platform/maturity/" + enterprise, now)
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get(30, TimeUnit.SECONDS);
    return new Stored(id, park, now, assessment);
  }

  /** Assesses every enterprise of every park; returns how many were assessed. */
  public int assessAll()
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    List<String[]> enterprises = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT park_id, id FROM enterprise ORDER BY park_id, id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        enterprises.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] e : enterprises) {
      assess(e[0], e[1]);
    }
    return enterprises.size();
  }

  /** The latest assessments of {@code enterprise}, newest first. */
  public List<Stored> history(String enterprise, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, park_id, assessed_at, result::text FROM maturity_assessment"
                    + " WHERE enterprise_id = ? ORDER BY assessed_at DESC, id DESC LIMIT ?")) {
      q.setString(1, enterprise);
      q.setInt(2, limit);
      List<Stored> stored = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          stored.add(
              new Stored(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getTimestamp(3).toInstant(),
                  mapper.readValue(rs.getString(4), Assessment.class)));
        }
      } catch (JsonProcessingException e) {
        throw new SQLException("a stored assessment is not readable: " + e.getMessage(), e);
      }
      return stored;
    }
  }

  private Map<String, Answer> answers(String enterprise) throws SQLException {
    Map<String, Answer> answers = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT question, answer, verification, attachment_sha256"
                    + " FROM questionnaire_answer WHERE enterprise_id = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          answers.put(
              rs.getString(1),
              new Answer(
                  Evidence.Level.valueOf(rs.getString(2)),
                  "VERIFIED".equals(rs.getString(3)),
                  Optional.ofNullable(rs.getString(4))));
        }
      }
    }
    return answers;
  }

  private byte[] json(Assessment assessment) {
    try {
      return mapper.writeValueAsBytes(assessment);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an assessment always serialises", e);
    }
  }
}
