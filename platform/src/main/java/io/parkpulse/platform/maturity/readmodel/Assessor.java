package io.parkpulse.platform.maturity.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.Evidence;
import io.parkpulse.platform.maturity.scoring.Evidence.Answer;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.parkpulse.platform.maturity.scoring.ScoringEngine;
import io.parkpulse.platform.tenancy.Park;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Assesses enterprises: gathers their evidence (indicators from stored data, questionnaire answers
 * with their verification), scores it against the catalog, keeps the assessment and publishes it to
 * the park's maturity topic, keyed by enterprise.
 */
public final class Assessor implements AutoCloseable {

  /** The CloudEvents type of an assessment on {@code parkpulse.{park}.maturity.v1}. */
  public static final String EVENT_TYPE = "io.parkpulse.maturity.assessment.v1";

  private static final Logger LOG = Logger.getLogger(Assessor.class);

  private final DataSource dataSource;
  private final Catalog catalog;
  private final ScoringEngine engine;
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
      Clock clock,
      MiitRule miitRule) {
    this.dataSource = dataSource;
    this.catalog = catalog;
    this.engine = new ScoringEngine(miitRule);
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
        new Evidence(
            enterprise,
            indicators.compute(enterprise, now, window),
            answers(List.of(enterprise)).getOrDefault(enterprise, Map.of()),
            declarations(List.of(enterprise)).getOrDefault(enterprise, Map.of()),
            OutcomeQueries.of(dataSource, List.of(enterprise), today(park))
                .getOrDefault(enterprise, Evidence.Outcomes.NONE));
    return keepAndPublish(park, now, List.of(engine.assess(catalog, evidence))).get(0);
  }

  /**
   * Assesses every enterprise of {@code park} now, with the park's indicators computed at once,
   * keeps the assessments in one transaction and publishes them; returns them by enterprise id.
   */
  public List<Stored> assessPark(String park)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    Instant now = clock.instant();
    long start = System.nanoTime();
    Map<String, Map<String, IndicatorValue>> values = indicators.computePark(park, now, window);
    long computed = System.nanoTime();
    Map<String, Map<String, Answer>> answers = answers(values.keySet());
    Map<String, Map<String, Evidence.Declaration>> declarations = declarations(values.keySet());
    Map<String, Evidence.Outcomes> outcomes =
        OutcomeQueries.of(dataSource, values.keySet(), today(park));
    List<Assessment> assessments = new ArrayList<>();
    values.forEach(
        (enterprise, indicators) ->
            assessments.add(
                engine.assess(
                    catalog,
                    new Evidence(
                        enterprise,
                        indicators,
                        answers.getOrDefault(enterprise, Map.of()),
                        declarations.getOrDefault(enterprise, Map.of()),
                        outcomes.getOrDefault(enterprise, Evidence.Outcomes.NONE)))));
    long scored = System.nanoTime();
    List<Stored> stored = keepAndPublish(park, now, assessments);
    long done = System.nanoTime();
    LOG.infof(
        "park %s: assessed %d enterprises in %.1f s (indicators %.1f s, answers and scores %.1f s,"
            + " kept and published %.1f s)",
        park,
        stored.size(),
        (done - start) / 1e9,
        (computed - start) / 1e9,
        (scored - computed) / 1e9,
        (done - scored) / 1e9);
    return stored;
  }

  /** The parks, by id. */
  public List<String> parks() throws SQLException {
    List<String> parks = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT id FROM park ORDER BY id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        parks.add(rs.getString(1));
      }
    }
    return parks;
  }

  /**
   * Keeps {@code assessments} (one transaction, one batch), then publishes them all and waits for
   * Kafka to take every one: an assessment is published only once it is kept.
   */
  private List<Stored> keepAndPublish(String park, Instant now, List<Assessment> assessments)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    if (assessments.isEmpty()) {
      return List.of();
    }
    List<byte[]> jsons = assessments.stream().map(this::json).toList();
    List<Stored> stored = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO maturity_assessment (enterprise_id, park_id, assessed_at,"
                  + " catalog_version, level, total, result) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)",
              new String[] {"id"})) {
        for (int i = 0; i < assessments.size(); i++) {
          Assessment assessment = assessments.get(i);
          insert.setString(1, assessment.enterprise());
          insert.setString(2, park);
          insert.setTimestamp(3, Timestamp.from(now));
          insert.setString(4, catalog.version());
          insert.setInt(5, assessment.level());
          insert.setDouble(6, assessment.total());
          insert.setString(7, new String(jsons.get(i), StandardCharsets.UTF_8));
          insert.addBatch();
        }
        insert.executeBatch();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          for (Assessment assessment : assessments) {
            keys.next();
            stored.add(new Stored(keys.getLong(1), park, now, assessment));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    String topic = new ParkTopic(topicPrefix, park, ParkTopic.Kind.MATURITY).name();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < assessments.size(); i++) {
      String enterprise = assessments.get(i).enterprise();
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, enterprise, jsons.get(i));
      CloudEvents.headers(EVENT_TYPE, "/platform/maturity/" + enterprise, now)
          .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      sent.add(producer.send(record));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Future<RecordMetadata> f : sent) {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return stored;
  }

  /** Today in the park's time zone, for the years the outcomes compare. */
  private LocalDate today(String park) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT timezone FROM park WHERE id = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        return LocalDate.ofInstant(clock.instant(), Park.zone(rs.next() ? rs.getString(1) : null));
      }
    }
  }

  /** The latest assessments of {@code enterprise} in {@code park}, newest first. */
  public List<Stored> history(String park, String enterprise, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, park_id, assessed_at, result::text FROM maturity_assessment"
                    + " WHERE enterprise_id = ? AND park_id = ?"
                    + " ORDER BY assessed_at DESC, id DESC LIMIT ?")) {
      q.setString(1, enterprise);
      q.setString(2, park);
      q.setInt(3, limit);
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

  /** The questionnaire answers of {@code enterprises}, by enterprise then question. */
  private Map<String, Map<String, Answer>> answers(Collection<String> enterprises)
      throws SQLException {
    Map<String, Map<String, Answer>> answers = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise_id, question, answer, verification, attachment_sha256"
                    + " FROM questionnaire_answer WHERE enterprise_id = ANY(?)")) {
      q.setArray(1, c.createArrayOf("text", enterprises.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          answers
              .computeIfAbsent(rs.getString(1), e -> new HashMap<>())
              .put(
                  rs.getString(2),
                  new Answer(
                      Evidence.Level.valueOf(rs.getString(3)),
                      "VERIFIED".equals(rs.getString(4)),
                      Optional.ofNullable(rs.getString(5))));
        }
      }
    }
    return answers;
  }

  /** The MIIT declarations of {@code enterprises}, by enterprise then item. */
  private Map<String, Map<String, Evidence.Declaration>> declarations(
      Collection<String> enterprises) throws SQLException {
    Map<String, Map<String, Evidence.Declaration>> declarations = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise_id, item, value, verification FROM miit_declaration"
                    + " WHERE enterprise_id = ANY(?)")) {
      q.setArray(1, c.createArrayOf("text", enterprises.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          declarations
              .computeIfAbsent(rs.getString(1), e -> new HashMap<>())
              .put(
                  rs.getString(2),
                  new Evidence.Declaration(
                      rs.getDouble(3),
                      "VERIFIED".equals(rs.getString(4)),
                      "REJECTED".equals(rs.getString(4))));
        }
      }
    }
    return declarations;
  }

  private byte[] json(Assessment assessment) {
    try {
      return mapper.writeValueAsBytes(assessment);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an assessment always serialises", e);
    }
  }
}
