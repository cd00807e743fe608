package io.parkpulse.gateway.registry;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The devices this gateway admits, materialised from {@code parkpulse.registry.v1}. Listeners hear
 * of every device whose right to stay connected ended: deleted, disabled, or given a new secret;
 * and of every device whose enterprise's CA certificates changed, so that connections logged in by
 * certificate are checked again.
 */
public final class DeviceRegistry {

  private final Map<DeviceRef, RegistryEntry> entries = new ConcurrentHashMap<>();
  private final List<Consumer<DeviceRef>> revocationListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<RegistryEntry>> trustListeners = new CopyOnWriteArrayList<>();
  private volatile boolean caughtUp;

  /** The entry of {@code device}, if it is registered. */
  public Optional<RegistryEntry> find(DeviceRef device) {
    return Optional.ofNullable(entries.get(device));
  }

  /** Applies one registry record: an entry, or {@code null} for a deleted device. */
  public void apply(DeviceRef device, RegistryEntry entry) {
    RegistryEntry previous = entry == null ? entries.remove(device) : entries.put(device, entry);
    boolean revoked =
        previous != null
            && (entry == null
                || !entry.enabled()
                || !entry.secretHash().equals(previous.secretHash()));
    if (revoked) {
      revocationListeners.forEach(listener -> listener.accept(device));
    } else if (previous != null && !entry.trustAnchors().equals(previous.trustAnchors())) {
      trustListeners.forEach(listener -> listener.accept(entry));
    }
  }

  /** Calls {@code listener} with each device's entry whose CA certificates changed. */
  public void onTrustChanged(Consumer<RegistryEntry> listener) {
    trustListeners.add(listener);
  }

  /** Calls {@code listener} with each device whose connections must be closed. */
  public void onRevoked(Consumer<DeviceRef> listener) {
    revocationListeners.add(listener);
  }

  /** Marks the registry as holding everything the topic held when the gateway started. */
  public void markCaughtUp() {
    caughtUp = true;
  }

  /** Whether the gateway knows every device registered before it started. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /** How many devices are registered. */
  public int size() {
    return entries.size();
  }
}
