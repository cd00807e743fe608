package io.parkpulse.platform.access;

import io.parkpulse.model.SecretHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes of user passwords: Argon2id with OWASP's minimum (19 MiB of memory, 2 passes, 1 lane),
 * written in the PHC string format {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. Hashes
 * made before (PBKDF2, {@link SecretHash}) still verify, and {@link #isCurrent} tells the caller to
 * replace them at the next successful sign-in. Slow on purpose: call it on a worker thread.
 */
public final class Passwords {

  static final int MEMORY_KIB = 19 * 1024;
  static final int PASSES = 2;
  static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String PREFIX =
      "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** Verified against when a user does not exist, so that both cases cost the same. */
  private static final String NOBODY = hash("no such user");

  private Passwords() {}

  /** A new hash of {@code password}, with a fresh salt. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return PREFIX + B64.encodeToString(salt) + "$" + B64.encodeToString(argon2(password, salt));
  }

  /**
   * Whether {@code password} matches {@code hash} (Argon2id, or PBKDF2 of an earlier version); an
   * unreadable hash matches nothing.
   */
  public static boolean verify(String password, String hash) {
    if (hash == null) {
      return false;
    }
    if (!hash.startsWith("$argon2")) {
      try {
        return SecretHash.verify(password, hash);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (!hash.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = hash.substring(PREFIX.length()).split("\\$");
    if (parts.length != 2) {
      return false;
    }
    try {
      byte[] salt = B64D.decode(parts[0]);
      byte[] expected = B64D.decode(parts[1]);
      return MessageDigest.isEqual(expected, argon2(password, salt));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks {@code password} against a hash no user has, at the cost of a real check.
   *
   * @return false, always
   */
  public static boolean verifyNobody(String password) {
    verify(password, NOBODY);
    return false;
  }

  /** Whether {@code hash} was made with today's algorithm and cost. */
  public static boolean isCurrent(String hash) {
    return hash != null && hash.startsWith(PREFIX);
  }

  private static byte[] argon2(String password, byte[] salt) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(MEMORY_KIB)
            .withIterations(PASSES)
            .withParallelism(LANES)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] hash = new byte[HASH_BYTES];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
