package io.parkpulse.platform.maturity.output;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A day's production output as its enterprise reports it: good units. */
@Entity
@Table(name = "reported_output")
@IdClass(ReportedDay.Key.class)
public class ReportedDay {

  @Id
  @Column(name = "enterprise_id")
  public String enterpriseId;

  /** The day in the park's time zone. */
  @Id
  @Column(name = "day")
  public LocalDate date;

  public double quantity;

  /** e.g. {@code pcs}, or null. */
  public String unit;

  @Column(name = "reported_by")
  public String reportedBy;

  @Column(name = "reported_at")
  public Instant reportedAt;

  ReportedDay() {}

  ReportedDay(String enterpriseId, LocalDate date) {
    this.enterpriseId = enterpriseId;
    this.date = date;
  }

  /** Reports (or corrects) the day. */
  void report(double quantity, String unit, String by, Instant at) {
    this.quantity = quantity;
    this.unit = unit;
    this.reportedBy = by;
    this.reportedAt = at;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    public String enterpriseId;
    public LocalDate date;

    public Key() {}

    Key(String enterpriseId, LocalDate date) {
      this.enterpriseId = enterpriseId;
      this.date = date;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(enterpriseId, k.enterpriseId)
          && Objects.equals(date, k.date);
    }

    @Override
    public int hashCode() {
      return Objects.hash(enterpriseId, date);
    }
  }
}
