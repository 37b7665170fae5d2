package io.meterhub.platform.audit;

import java.util.List;
import java.util.Objects;

/**
 * Proof that an audit entry is leaf {@code seq - 1} of the tree a signed tree head commits to.
 *
 * @param entry the entry as stored (its fields rehash to {@code entry.hash()})
 * @param leafHash SHA-256(0x00 || entry hash bytes), hex
 * @param auditPath sibling hashes (hex), deepest first, as RFC 9162 section 2.1.3 defines them
 * @param head the signed tree head of {@code head.treeSize()} ≥ seq entries the path leads to
 */
public record InclusionProof(AuditEntry entry, String leafHash, List<String> auditPath, SignedTreeHead head) {

  public InclusionProof {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(leafHash, "leafHash");
    auditPath = List.copyOf(auditPath);
    Objects.requireNonNull(head, "head");
  }

  public long seq() {
    return entry.seq();
  }
}
