package io.meterhub.platform.customer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-encryption keys a node knows: the current one (wraps new data keys) and previous ones (still unwrap data
 * keys until a rotation re-wraps everything under the current key).
 */
public record VaultKeys(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {

  private static final Logger LOG = LoggerFactory.getLogger(VaultKeys.class);

  /** Name of the generated key file inside the data dir of an embedded node. */
  public static final String KEY_FILE = "vault.key";

  public VaultKeys {
    Objects.requireNonNull(current, "current");
    previous = List.copyOf(previous);
  }

  /** Only {@code current}. */
  public static VaultKeys of(KeyEncryptionKey current) {
    return new VaultKeys(current, List.of());
  }

  /** The key with this fingerprint, current or previous. */
  public Optional<KeyEncryptionKey> find(String kekId) {
    if (current.id().equals(kekId)) {
      return Optional.of(current);
    }
    return previous.stream().filter(k -> k.id().equals(kekId)).findFirst();
  }

  /**
   * The keys from configuration. With no configured key, an embedded node (H2 in {@code dataDir}) uses the key in
   * {@code dataDir/vault.key}, generating it (owner-only permissions) on first start; nodes on an external database
   * must all share a configured key, so there it is required.
   */
  public static VaultKeys load(String configured, List<String> previous, Path dataDir, boolean externalDatabase) {
    List<KeyEncryptionKey> older = new ArrayList<>();
    for (String value : previous) {
      older.add(parse(value, "METERHUB_VAULT_PREVIOUS_KEYS"));
    }
    if (configured != null && !configured.isBlank()) {
      return new VaultKeys(parse(configured, "METERHUB_VAULT_KEY"), older);
    }
    if (externalDatabase) {
      throw new IllegalArgumentException(
          "METERHUB_VAULT_KEY is required with an external database (every node must share the same key): "
              + "base64 of 32 random bytes, e.g. `openssl rand -base64 32`");
    }
    return new VaultKeys(fromFile(dataDir.resolve(KEY_FILE)), older);
  }

  private static KeyEncryptionKey parse(String base64, String setting) {
    try {
      return KeyEncryptionKey.fromBase64(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": " + e.getMessage() + " (base64 of 32 bytes)");
    }
  }

  private static KeyEncryptionKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        generate(file);
      }
      return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the vault key file " + file, e);
    }
  }

  private static void generate(Path file) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String encoded = Base64.getEncoder().encodeToString(bytes);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return; // another process created it first: use theirs
    }
    Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII);
    LOG.warn(
        "Generated the customer-vault key-encryption key in {} (owner-only). Back it up with the database: "
            + "without it the vault cannot be read. Set METERHUB_VAULT_KEY to manage it yourself.",
        file.toAbsolutePath());
  }
}
