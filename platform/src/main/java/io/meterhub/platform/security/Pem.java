package io.meterhub.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Objects;

/** PEM text (RFC 7468) of DER blocks, and files holding secrets readable by their owner only. */
public final class Pem {

  private Pem() {}

  /** {@code -----BEGIN label-----}, base64 in 64-column lines, {@code -----END label-----}. */
  public static String encode(String label, byte[] der) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(der, "der");
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** The DER bytes of the first block with {@code label}; throws {@link IllegalArgumentException} when absent. */
  public static byte[] decode(String label, String pem) {
    Objects.requireNonNull(pem, "pem");
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = from < 0 ? -1 : pem.indexOf(end, from);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("no PEM block '" + label + "'");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  /** Writes a new file that only its owner may read or write (where the file system knows POSIX permissions). */
  public static void writeOwnerOnly(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
