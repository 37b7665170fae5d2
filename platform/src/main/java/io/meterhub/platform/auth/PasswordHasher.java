package io.meterhub.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Slow salted password hashing with bcrypt. Blocking and CPU-heavy: never call it on an event loop. */
public final class PasswordHasher {

  /** bcrypt uses at most 72 bytes of the password; longer ones are refused rather than silently truncated. */
  public static final int MAX_PASSWORD_BYTES = 72;

  static final int DEFAULT_COST = 10;

  private final SecureRandom random = new SecureRandom();
  private final int cost;
  private final String dummyHash;

  public PasswordHasher() {
    this(DEFAULT_COST);
  }

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be 4..31");
    }
    this.cost = cost;
    byte[] filler = new byte[18];
    random.nextBytes(filler);
    this.dummyHash = hash(java.util.HexFormat.of().formatHex(filler));
  }

  /** A new bcrypt hash ({@code $2y$...}) of the password with a fresh random salt. */
  public String hash(String password) {
    Objects.requireNonNull(password, "password");
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.toCharArray(), salt, cost);
  }

  /** True when the password matches the hash; false for a malformed hash or an over-long password. */
  public boolean verify(String password, String hash) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(hash, "hash");
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      // Still spend the bcrypt time so an over-long password is not a timing oracle.
      verifyDummy(password.substring(0, Math.min(password.length(), MAX_PASSWORD_BYTES / 4)));
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Spends the same time as {@link #verify} against a hash no password matches (for unknown users). */
  public void verifyDummy(String password) {
    Objects.requireNonNull(password, "password");
    try {
      OpenBSDBCrypt.checkPassword(dummyHash, password.toCharArray());
    } catch (RuntimeException e) {
      // the timing is what matters here, not the result
    }
  }
}
