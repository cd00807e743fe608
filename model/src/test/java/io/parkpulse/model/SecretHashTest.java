package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretHashTest {

  @Test
  void verifiesTheRightSecretOnly() {
    String hash = SecretHash.hash("s3cret-value", 1_000);

    assertThat(SecretHash.verify("s3cret-value", hash)).isTrue();
    assertThat(SecretHash.verify("s3cret-valuE", hash)).isFalse();
    assertThat(SecretHash.verify("", hash)).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(SecretHash.hash("same", 1_000)).isNotEqualTo(SecretHash.hash("same", 1_000));
  }

  @Test
  void carriesItsIterationCount() {
    String hash = SecretHash.hash("x", 2_345);

    assertThat(hash).startsWith("pbkdf2-sha256$2345$");
    assertThat(SecretHash.verify("x", hash)).isTrue();
  }

  @Test
  void rejectsWhatIsNotAHashOfItsScheme() {
    assertThatThrownBy(() -> SecretHash.verify("x", "plain-text"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretHash.verify("x", "pbkdf2-sha256$0$AAAA$AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretHash.verify("x", "pbkdf2-sha256$10$%%%$AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatesLongRandomSecrets() {
    String a = SecretHash.newSecret();
    assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(SecretHash.newSecret()).isNotEqualTo(a);
  }
}
