package io.parkpulse.platform.parks;

/** A work shift, local time of the park; a shift that ends before it starts runs past midnight. */
public record Shift(String name, String start, String end) {}
