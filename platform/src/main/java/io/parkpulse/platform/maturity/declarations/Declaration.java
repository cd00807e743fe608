package io.parkpulse.platform.maturity.declarations;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * Something an enterprise declares about itself, with optional evidence, that counts fully only
 * once its park's operator has verified it: a questionnaire answer or a MIIT item. The lifecycle
 * lives here, once: declaring (again) sets the value and evidence and makes it {@link
 * Verification#PENDING}; the operator's check makes it {@link Verification#VERIFIED} or {@link
 * Verification#REJECTED}. Who may do which is {@link DeclarationService}'s.
 *
 * @param <V> the declared value: an answer level, a MIIT value
 */
@MappedSuperclass
public abstract class Declaration<V> {

  public String note;

  @Column(name = "attachment_name")
  public String attachmentName;

  @Column(name = "attachment_sha256")
  public String attachmentSha256;

  /** Up to 5 MB: read only when asked for, never by the lists. */
  @Basic(fetch = FetchType.LAZY)
  public byte[] attachment;

  /** Who declared; a subclass names its column. */
  @Column(name = "declared_by")
  public String declaredBy;

  @Column(name = "declared_at")
  public Instant declaredAt;

  @Enumerated(EnumType.STRING)
  public Verification verification;

  @Column(name = "verified_by")
  public String verifiedBy;

  @Column(name = "verified_at")
  public Instant verifiedAt;

  /** The enterprise that declares. */
  public abstract String enterprise();

  /** What is declared: a question's or a MIIT item's id. */
  public abstract String key();

  /** The value declared. */
  public abstract V value();

  protected abstract void setValue(V value);

  /** Declares {@code value} anew: whatever was verified before waits for verification again. */
  public void declare(V value, String by, Instant at, String note, EvidenceAttachment evidence) {
    setValue(value);
    this.note = note;
    this.attachmentName = evidence == null ? null : evidence.name();
    this.attachmentSha256 = evidence == null ? null : evidence.sha256();
    this.attachment = evidence == null ? null : evidence.bytes();
    this.declaredBy = by;
    this.declaredAt = at;
    this.verification = Verification.PENDING;
    this.verifiedBy = null;
    this.verifiedAt = null;
  }

  /** The park operator's decision on the evidence. */
  public void verify(boolean verified, String by, Instant at) {
    this.verification = verified ? Verification.VERIFIED : Verification.REJECTED;
    this.verifiedBy = by;
    this.verifiedAt = at;
  }
}
