package io.parkpulse.platform.integrations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A park's Kafka credential: a SCRAM user of the brokers that may read the park's topics. */
@Entity
@Table(name = "kafka_credential")
public class KafkaCredential {
  @Id public String username;

  @Column(name = "park_id")
  public String parkId;

  public String name;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at", updatable = false)
  public Instant createdAt;
}
