package io.meterhub.platform.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Merkle tree hashing of RFC 6962 / RFC 9162 (section 2.1) over the audit entries: leaf = SHA-256(0x00 || the 32
 * bytes of the entry's chain hash), node = SHA-256(0x01 || left || right), with the left subtree the largest power of
 * two smaller than the range. Roots and audit paths are computed from the hashes of complete subtrees only (see
 * {@link Nodes}), so a proof over n leaves needs O(log n) stored hashes, never the whole tree.
 */
final class MerkleTree {

  /** Hashes of complete subtrees: {@code level} L and {@code index} i cover leaves [i·2^L, (i+1)·2^L). */
  interface Nodes {
    byte[] node(int level, long index);
  }

  private MerkleTree() {}

  static byte[] leafHash(String entryHashHex) {
    byte[] entryHash = HexFormat.of().parseHex(entryHashHex);
    return sha256(new byte[] {0x00}, entryHash);
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    return sha256(new byte[] {0x01}, left, right);
  }

  /** Root of the leaves [start, start + size), where start is a multiple of the largest power of two ≤ size. */
  static byte[] subtreeHash(Nodes nodes, long start, long size) {
    if (size < 1) {
      throw new IllegalArgumentException("empty subtree");
    }
    if (Long.bitCount(size) == 1) {
      int level = Long.numberOfTrailingZeros(size);
      return nodes.node(level, start >> level);
    }
    long k = Long.highestOneBit(size - 1);
    return nodeHash(subtreeHash(nodes, start, k), subtreeHash(nodes, start + k, size - k));
  }

  /** Root hash of a tree of {@code size} ≥ 1 leaves. */
  static byte[] root(Nodes nodes, long size) {
    return subtreeHash(nodes, 0, size);
  }

  /** The audit path of leaf {@code index} (0-based) in a tree of {@code size} leaves, deepest sibling first. */
  static List<byte[]> path(Nodes nodes, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(nodes, index, 0, size, path);
    return path;
  }

  private static void collectPath(Nodes nodes, long index, long start, long size, List<byte[]> out) {
    if (size == 1) {
      return;
    }
    long k = Long.highestOneBit(size - 1);
    if (index < start + k) {
      collectPath(nodes, index, start, k, out);
      out.add(subtreeHash(nodes, start + k, size - k));
    } else {
      collectPath(nodes, index, start + k, size - k, out);
      out.add(subtreeHash(nodes, start, k));
    }
  }

  /** RFC 9162 section 2.1.3.2: does {@code path} lead from {@code leafHash} at {@code index} to {@code root}? */
  static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
