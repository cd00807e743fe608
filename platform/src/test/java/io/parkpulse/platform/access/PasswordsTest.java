package io.parkpulse.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.SecretHash;
import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void anArgon2idHashVerifiesItsPasswordAndNoOther() {
    String hash = Passwords.hash("correct horse battery staple");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(Passwords.verify("correct horse battery staple", hash)).isTrue();
    assertThat(Passwords.verify("correct horse battery stapler", hash)).isFalse();
    assertThat(Passwords.isCurrent(hash)).isTrue();
  }

  @Test
  void twoHashesOfOnePasswordDifferByTheirSalt() {
    assertThat(Passwords.hash("same")).isNotEqualTo(Passwords.hash("same"));
  }

  @Test
  void aHashFromTheReferenceImplementationVerifies() {
    // Made by the reference implementation's command line (Debian package argon2):
    // echo -n password | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32 -e
    String reference =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA"
            + "$K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE";

    assertThat(Passwords.verify("password", reference)).isTrue();
    assertThat(Passwords.verify("Password", reference)).isFalse();
  }

  @Test
  void aPbkdf2HashOfAnEarlierVersionStillVerifiesAndIsNotCurrent() {
    String old = SecretHash.hash("old password", 1_000);

    assertThat(Passwords.verify("old password", old)).isTrue();
    assertThat(Passwords.verify("other", old)).isFalse();
    assertThat(Passwords.isCurrent(old)).isFalse();
  }

  @Test
  void anUnreadableOrForeignHashMatchesNothing() {
    assertThat(Passwords.verify("x", null)).isFalse();
    assertThat(Passwords.verify("x", "")).isFalse();
    assertThat(Passwords.verify("x", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).isFalse();
    assertThat(Passwords.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$***$***")).isFalse();
  }
}
