-- Merkle tree over the audit log (RFC 6962 hashing): the hash of every complete subtree of 2^lvl leaves starting at
-- leaf idx * 2^lvl, so roots and inclusion proofs need O(log n) rows.
CREATE TABLE audit_tree_node (
  lvl  INT         NOT NULL,
  idx  BIGINT      NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT audit_tree_node_pk PRIMARY KEY (lvl, idx)
);

-- The single row every tree extension locks: entries 1..tree_size are in the tree.
CREATE TABLE audit_tree_state (
  id        INT    NOT NULL,
  tree_size BIGINT NOT NULL,
  CONSTRAINT audit_tree_state_pk PRIMARY KEY (id),
  CONSTRAINT audit_tree_state_single CHECK (id = 1)
);

INSERT INTO audit_tree_state (id, tree_size) VALUES (1, 0);

-- Signed tree heads; key_id is the SHA-256 of the signer's public key (nodes may sign with different keys).
CREATE TABLE audit_tree_head (
  key_id    VARCHAR(64)  NOT NULL,
  tree_size BIGINT       NOT NULL,
  root_hash VARCHAR(64)  NOT NULL,
  signed_at BIGINT       NOT NULL,
  signature VARCHAR(128) NOT NULL,
  CONSTRAINT audit_tree_head_pk PRIMARY KEY (key_id, tree_size)
);
