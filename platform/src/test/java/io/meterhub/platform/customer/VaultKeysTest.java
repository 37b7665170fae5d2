package io.meterhub.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeysTest {

  @TempDir Path dataDir;

  @Test
  void anEmbeddedNodeGeneratesItsKeyOnceOwnerOnlyAndKeepsIt() throws Exception {
    VaultKeys first = VaultKeys.load("", List.of(), dataDir, false);
    Path file = dataDir.resolve(VaultKeys.KEY_FILE);

    assertThat(file).exists();
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
    assertThat(VaultKeys.load("", List.of(), dataDir, false).current().id()).isEqualTo(first.current().id());
  }

  @Test
  void aConfiguredKeyWinsAndPreviousKeysAreFoundByFingerprint() {
    String current = Base64.getEncoder().encodeToString(new byte[32]);
    byte[] older = new byte[32];
    older[0] = 1;
    VaultKeys keys = VaultKeys.load(current, List.of(Base64.getEncoder().encodeToString(older)), dataDir, true);

    assertThat(dataDir.resolve(VaultKeys.KEY_FILE)).doesNotExist();
    assertThat(keys.find(KeyEncryptionKey.of(older).id())).isPresent();
    assertThat(keys.find("kek-unknown")).isEmpty();
    assertThat(keys.current().toString()).doesNotContain(current);
  }

  @Test
  void anExternalDatabaseNeedsAConfiguredKeyAndBadKeysFailWithoutShowingThem() {
    assertThatThrownBy(() -> VaultKeys.load("", List.of(), dataDir, true))
        .hasMessageContaining("METERHUB_VAULT_KEY");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> VaultKeys.load(shortKey, List.of(), dataDir, false))
        .hasMessageContaining("METERHUB_VAULT_KEY").hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> VaultKeys.load("not base64 at all!", List.of(), dataDir, false))
        .hasMessageContaining("METERHUB_VAULT_KEY").hasMessageNotContaining("not base64 at all");
  }
}
