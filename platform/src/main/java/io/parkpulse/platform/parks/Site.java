package io.parkpulse.platform.parks;

import java.util.List;

/** A site of an enterprise with its production lines. */
public record Site(String id, String name, List<String> lines) {}
