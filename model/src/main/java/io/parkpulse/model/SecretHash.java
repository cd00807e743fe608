package io.parkpulse.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow hashes of device secrets: PBKDF2 with HMAC-SHA256, encoded as {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64 without padding). The platform stores and
 * publishes only the hash; the gateway verifies a CONNECT password against it. The iteration count
 * travels with the hash, so it can be raised without invalidating existing secrets.
 */
public final class SecretHash {

  /**
   * Iterations for new hashes. Device secrets are generated with 256 bits of entropy, so the work
   * factor guards against a leaked registry rather than against guessable passwords; the gateway
   * caches successful verifications so reconnect storms do not pay it again.
   */
  public static final int DEFAULT_ITERATIONS = 100_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private SecretHash() {}

  /** Hashes {@code secret} with a fresh random salt and {@link #DEFAULT_ITERATIONS}. */
  public static String hash(String secret) {
    return hash(secret, DEFAULT_ITERATIONS);
  }

  /** Hashes {@code secret} with a fresh random salt and {@code iterations}. */
  public static String hash(String secret, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(secret, salt, iterations);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /**
   * Whether {@code secret} matches {@code encoded}; compares in constant time.
   *
   * @throws IllegalArgumentException if {@code encoded} is not a hash of this scheme
   */
  public static boolean verify(String secret, String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException("not a " + SCHEME + " hash");
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = B64D.decode(parts[2]);
      expected = B64D.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed " + SCHEME + " hash", e);
    }
    if (iterations < 1 || iterations > 10_000_000) {
      throw new IllegalArgumentException("implausible iteration count " + iterations);
    }
    return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations));
  }

  /** A fast SHA-256 digest, for remembering which secret was already verified. */
  public static byte[] fingerprint(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A new random device secret: 32 bytes, URL-safe Base64 (43 characters). */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
