package io.meterhub.platform.audit;

import java.util.Optional;

/**
 * The audit log as an RFC 6962-style Merkle tree over its entries in seq order, with Ed25519-signed tree heads and
 * inclusion proofs that can be checked offline ({@link VerifyProof}). Blocking: never call it on an event loop.
 */
public interface AuditTree {

  /**
   * Adds the entries appended since the last call to the tree and, when it grew, signs and stores a new tree head.
   *
   * @return the newest head signed with this node's key (empty only when nothing could be signed)
   */
  Optional<SignedTreeHead> publish();

  /** The newest stored head signed with this node's key; publishes one first when there is none yet. */
  Optional<SignedTreeHead> latest();

  /**
   * Inclusion proof of entry {@code seq} in the newest signed head (publishing a new head first when the entry is
   * newer than it).
   *
   * @return empty when there is no entry {@code seq} or it cannot be added to the tree (broken chain)
   */
  Optional<InclusionProof> proof(long seq);

  /** The public key verifying this node's tree heads, PEM ({@code PUBLIC KEY}). */
  String publicKeyPem();
}
