package io.parkpulse.platform.deadletters;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.EnterpriseRepository;
import io.parkpulse.platform.tenancy.Scope;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The latest records of the dead-letter topic that the caller may see: those keyed by a device of
 * an enterprise of its scope (a platform admin sees all, including records without a device key).
 * The records are filtered here, as they come from Kafka; which enterprises are in scope comes from
 * the tenancy gate.
 */
@ApplicationScoped
public class DeadLetterService {

  private static final int MAX_VALUE_CHARS = 4096;

  private final DeadLetterReader reader;
  private final EnterpriseRepository enterprises;
  private final TenancyGate gate;
  private final Workers workers;

  DeadLetterService(
      DeadLetterReader reader,
      EnterpriseRepository enterprises,
      TenancyGate gate,
      Workers workers) {
    this.reader = reader;
    this.enterprises = enterprises;
    this.gate = gate;
    this.workers = workers;
  }

  /**
   * One rejected record.
   *
   * @param value the record as received, as UTF-8 text, cut at 4096 characters
   */
  public record DeadLetterView(
      int partition,
      long offset,
      Instant time,
      String key,
      String reason,
      String origin,
      String value) {}

  /**
   * The newest {@code limit} records the caller may see, newest first. The session is only for
   * finding the enterprises in scope: it ends before the read of Kafka, which may take seconds.
   */
  public Uni<List<DeadLetterView>> list(Caller caller, int limit) {
    require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500");
    Scope scope = gate.scope(caller);
    if (scope.allParks()) {
      return workers.run(() -> reader.latest(limit, r -> true, DeadLetterService::view, limit));
    }
    // Others see only some of the records: read more of each partition to find theirs.
    return Panache.withSession(() -> visibleEnterprises(scope))
        .flatMap(
            visible ->
                workers.run(
                    () ->
                        reader.latest(
                            limit * 20,
                            r -> enterpriseOf(r.key()).filter(visible::contains).isPresent(),
                            DeadLetterService::view,
                            limit)));
  }

  /** The ids of the enterprises of the caller's scope. */
  private Uni<Set<String>> visibleEnterprises(Scope scope) {
    return enterprises
        .inScope(scope, null)
        .map(list -> list.stream().map(e -> e.id).collect(Collectors.toSet()));
  }

  /** The enterprise of a record keyed {@code {enterprise}/{device}}, if it is. */
  private static Optional<String> enterpriseOf(String key) {
    try {
      return key == null ? Optional.empty() : Optional.of(DeviceRef.fromKafkaKey(key).enterprise());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static DeadLetterView view(ConsumerRecord<String, byte[]> r) {
    // Only the start of a large value is decoded: a UTF-8 character takes at most 4 bytes.
    String value =
        r.value() == null
            ? null
            : new String(
                r.value(),
                0,
                Math.min(r.value().length, MAX_VALUE_CHARS * 4),
                StandardCharsets.UTF_8);
    if (value != null && value.length() > MAX_VALUE_CHARS) {
      value = value.substring(0, MAX_VALUE_CHARS);
    }
    return new DeadLetterView(
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        r.key(),
        header(r, DeadLetter.REASON),
        header(r, DeadLetter.ORIGIN),
        value);
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
