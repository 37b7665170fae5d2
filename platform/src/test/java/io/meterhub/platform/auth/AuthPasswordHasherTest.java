package io.meterhub.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthPasswordHasherTest {

  final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashVerifiesOnlyTheRightPassword() {
    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash).startsWith("$2").contains("$10$").doesNotContain("correct horse");
    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
    assertThat(hasher.verify("", hash)).isFalse();
  }

  @Test
  void everyHashHasItsOwnSalt() {
    assertThat(hasher.hash("same password here")).isNotEqualTo(hasher.hash("same password here"));
  }

  @Test
  void malformedHashesAndOverlongPasswordsDoNotVerify() {
    String hash = hasher.hash("x".repeat(72));

    assertThat(hasher.verify("x".repeat(72), hash)).isTrue();
    assertThat(hasher.verify("x".repeat(73), hash)).isFalse();
    assertThat(hasher.verify("anything", "not-a-bcrypt-hash")).isFalse();
    assertThatThrownBy(() -> hasher.hash("x".repeat(73))).isInstanceOf(IllegalArgumentException.class);
  }
}
