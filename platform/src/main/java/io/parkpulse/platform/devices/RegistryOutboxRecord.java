package io.parkpulse.platform.devices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A registry record waiting to be published, written in the transaction that changed the device so
 * that the registry topic cannot miss a committed change.
 */
@Entity
@Table(name = "registry_outbox")
public class RegistryOutboxRecord {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "record_key")
  public String key;

  /** The encoded registry entry, or null for a tombstone. */
  public byte[] value;
}
