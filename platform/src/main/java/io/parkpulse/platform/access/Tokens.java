package io.parkpulse.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: 256 random bits, prefixed so that a leaked one is recognisable in a scan. Only
 * their SHA-256 is stored: with that much entropy a slow hash adds nothing.
 */
public final class Tokens {

  /** Prefix of every token the platform issues. */
  public static final String PREFIX = "ppt_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A short random id for a stored token, safe to show and log. */
  public static String newId() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "tok-" + HexFormat.of().formatHex(bytes);
  }

  public static String hash(String token) {
    return sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of {@code bytes} as 64 hex digits (tokens, evidence attachments). */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
