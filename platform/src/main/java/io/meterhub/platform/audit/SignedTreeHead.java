package io.meterhub.platform.audit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed statement of the audit Merkle tree: after {@code treeSize} entries its root was {@code rootHash}.
 *
 * @param treeSize entries covered (seq 1 to treeSize)
 * @param rootHash RFC 6962 root hash, lower-case hex
 * @param timestamp when it was signed (millisecond precision)
 * @param keyId SHA-256 (hex) of the signer's public key (DER SubjectPublicKeyInfo)
 * @param signature Ed25519 signature (base64) over {@link #signedBytes()}
 */
public record SignedTreeHead(long treeSize, String rootHash, Instant timestamp, String keyId, String signature) {

  public SignedTreeHead {
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * The signed bytes, laid out as RFC 6962's TreeHeadSignature: version 0 (1 byte), signature type tree_hash = 1
   * (1 byte), timestamp in ms (8 bytes), tree size (8 bytes), root hash (32 bytes); big-endian.
   */
  public byte[] signedBytes() {
    return signedBytes(treeSize, rootHash, timestamp.toEpochMilli());
  }

  static byte[] signedBytes(long treeSize, String rootHashHex, long timestampMillis) {
    byte[] root = HexFormat.of().parseHex(rootHashHex);
    if (root.length != 32) {
      throw new IllegalArgumentException("root hash must be 32 bytes");
    }
    return ByteBuffer.allocate(50).put((byte) 0).put((byte) 1).putLong(timestampMillis).putLong(treeSize).put(root)
        .array();
  }
}
