package io.parkpulse.platform.maturity.declarations;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A document attached as evidence to a questionnaire answer or a MIIT declaration, kept with its
 * SHA-256.
 *
 * @param name its file name
 * @param bytes its content
 * @param sha256 the hex SHA-256 of the content
 */
public record EvidenceAttachment(String name, byte[] bytes, String sha256) {

  /** Largest attachment, decoded. */
  static final int MAX_BYTES = 5 * 1024 * 1024;

  /**
   * The attachment a request carries, or null if none; a bad one is the caller's error (400).
   *
   * @param name the request's {@code attachmentName}
   * @param base64 the request's {@code attachmentBase64}
   */
  public static EvidenceAttachment of(String name, String base64) {
    if (base64 == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("attachmentBase64", "is not base64");
    }
    require(
        bytes.length <= MAX_BYTES, "attachmentBase64", "is larger than " + MAX_BYTES + " bytes");
    require(name != null && !name.isBlank(), "attachmentName", "is required with an attachment");
    return new EvidenceAttachment(name, bytes, sha256Hex(bytes));
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
