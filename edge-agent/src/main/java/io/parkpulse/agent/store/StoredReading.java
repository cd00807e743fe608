package io.parkpulse.agent.store;

/**
 * A reading kept in the {@link ReadingStore}.
 *
 * @param id its place in the store, increasing by one per reading stored
 * @param device the device it belongs to, {@code {enterprise}/{device}}
 * @param seq the device's sequence number of the reading
 * @param json the reading as it is published, a UTF-8 JSON object
 */
public record StoredReading(long id, String device, long seq, byte[] json) {}
