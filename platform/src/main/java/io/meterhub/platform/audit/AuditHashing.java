package io.meterhub.platform.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The hash of an audit entry: SHA-256 (lower-case hex) over a canonical encoding of seq, at (ISO-8601), actor, action,
 * target, details and prevHash. Every field is written as a 4-byte big-endian length followed by its UTF-8 bytes
 * (length -1 for null), so no choice of field contents can shift a boundary and collide with another entry.
 */
final class AuditHashing {

  /** prevHash of the first entry. */
  static final String GENESIS = "0".repeat(64);

  private AuditHashing() {}

  static String hash(long seq, Instant at, String actor, String action, String target, String details, String prev) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, Long.toString(seq));
    field(out, at.toString());
    field(out, actor);
    field(out, action);
    field(out, target);
    field(out, details);
    field(out, prev);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  static String hash(AuditEntry e) {
    return hash(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.details(), e.prevHash());
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value == null) {
      writeInt(out, -1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
