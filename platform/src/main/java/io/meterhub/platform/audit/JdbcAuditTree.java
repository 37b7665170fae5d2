package io.meterhub.platform.audit;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditTree} in SQL. The hash of every complete subtree (2^level leaves) is stored once in {@code
 * audit_tree_node} as the tree grows: about two rows per entry, added in seq order under the lock of the single
 * {@code audit_tree_state} row, so every node of a cluster extends the same tree and none twice. A root or an audit
 * path then needs O(log n) stored hashes (about 2·log2 n primary-key reads: ~40 for a million entries) instead of
 * rehashing n entries. Signed heads go to {@code audit_tree_head}, one per (key, size).
 */
public final class JdbcAuditTree implements AuditTree {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditTree.class);
  /** Entries added per transaction, so a first build over millions of entries does not hold the lock for long. */
  static final int CHUNK = 5_000;

  private final Database db;
  private final AuditSigner signer;
  private final Clock clock;

  public JdbcAuditTree(Database db, AuditSigner signer, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<SignedTreeHead> publish() {
    ChainedAuditLog.chainQueued(db); // a head covers every entry recorded before it was asked for
    long size;
    Extension step;
    do {
      step = db.inTransaction(this::extendChunk);
      size = step.size();
    } while (step.more());
    long treeSize = size;
    return Optional.of(db.inTransaction(c -> signedHead(c, treeSize)));
  }

  @Override
  public Optional<SignedTreeHead> latest() {
    Optional<SignedTreeHead> head = db.withConnection(this::newestOwnHead);
    return head.isPresent() ? head : publish();
  }

  @Override
  public Optional<InclusionProof> proof(long seq) {
    if (seq < 1) {
      return Optional.empty();
    }
    Optional<SignedTreeHead> head = db.withConnection(this::newestOwnHead);
    if (head.isEmpty() || head.get().treeSize() < seq) {
      head = publish();
    }
    if (head.isEmpty() || head.get().treeSize() < seq) {
      return Optional.empty();
    }
    SignedTreeHead sth = head.get();
    return db.withConnection(c -> {
      Optional<AuditEntry> entry = entry(c, seq);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      // The leaf is rehashed from the entry as stored now: an entry altered after it was added no longer leads to
      // the signed root.
      String leaf = HexFormat.of().formatHex(MerkleTree.leafHash(entry.get().hash()));
      List<String> path = MerkleTree.path(new SqlNodes(c), seq - 1, sth.treeSize()).stream()
          .map(HexFormat.of()::formatHex).toList();
      return Optional.of(new InclusionProof(entry.get(), leaf, path, sth));
    });
  }

  @Override
  public String publicKeyPem() {
    return signer.publicKeyPem();
  }

  private Extension extendChunk(Connection c) throws SQLException {
    long size = lockState(c);
    long headSeq = auditHeadSeq(c);
    if (headSeq <= size) {
      return new Extension(size, false);
    }
    long upTo = Math.min(headSeq, size + CHUNK);
    byte[][] frontier = frontier(c, size);
    String prevHash = size == 0 ? AuditHashing.GENESIS : entry(c, size).map(AuditEntry::hash).orElse(null);
    long added = 0;
    try (PreparedStatement select = c.prepareStatement(
            "SELECT " + ChainedAuditLog.COLUMNS + " FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq");
        PreparedStatement insert = c.prepareStatement("INSERT INTO audit_tree_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
      select.setFetchSize(1000);
      select.setLong(1, size);
      select.setLong(2, upTo);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          AuditEntry e = ChainedAuditLog.read(rs);
          if (e.seq() != size + added + 1 || !e.prevHash().equals(prevHash) || !AuditHashing.hash(e).equals(e.hash())) {
            // Never commit a signature to an altered or missing entry: the tree stops before it.
            LOG.error("audit entry {} breaks the chain: the audit tree stays at {} entries", size + added + 1,
                size + added);
            break;
          }
          addLeaf(insert, frontier, size + added, MerkleTree.leafHash(e.hash()));
          prevHash = e.hash();
          added++;
        }
      }
      insert.executeBatch();
    }
    long newSize = size + added;
    try (PreparedStatement ps = c.prepareStatement("UPDATE audit_tree_state SET tree_size = ? WHERE id = 1")) {
      ps.setLong(1, newSize);
      ps.executeUpdate();
    }
    return new Extension(newSize, added > 0 && newSize < headSeq);
  }

  /** Stores leaf {@code index} and every subtree it completes; {@code frontier[L]} holds the pending left node. */
  private static void addLeaf(PreparedStatement insert, byte[][] frontier, long index, byte[] leaf)
      throws SQLException {
    byte[] hash = leaf;
    int level = 0;
    long idx = index;
    addNode(insert, level, idx, hash);
    while ((idx & 1) == 1) {
      hash = MerkleTree.nodeHash(frontier[level], hash);
      frontier[level] = null;
      level++;
      idx >>= 1;
      addNode(insert, level, idx, hash);
    }
    frontier[level] = hash;
  }

  private static void addNode(PreparedStatement insert, int level, long idx, byte[] hash) throws SQLException {
    insert.setInt(1, level);
    insert.setLong(2, idx);
    insert.setString(3, HexFormat.of().formatHex(hash));
    insert.addBatch();
  }

  /** The complete subtrees a tree of {@code size} leaves ends with: one per set bit of size. */
  private static byte[][] frontier(Connection c, long size) {
    byte[][] frontier = new byte[64][];
    SqlNodes nodes = new SqlNodes(c);
    for (int level = 0; level < 63; level++) {
      if ((size >> level & 1) == 1) {
        frontier[level] = nodes.node(level, (size >> level) - 1);
      }
    }
    return frontier;
  }

  private SignedTreeHead signedHead(Connection c, long size) throws SQLException {
    // Under the state lock, so nodes sharing a key never sign the same size twice.
    lockState(c);
    Optional<SignedTreeHead> newest = newestOwnHead(c);
    if (newest.isPresent() && newest.get().treeSize() >= size) {
      return newest.get();
    }
    String root = HexFormat.of().formatHex(size == 0 ? MerkleTree.sha256() : MerkleTree.root(new SqlNodes(c), size));
    long now = clock.millis();
    String signature = Base64.getEncoder().encodeToString(
        signer.sign(SignedTreeHead.signedBytes(size, root, now)));
    SignedTreeHead head = new SignedTreeHead(size, root, Instant.ofEpochMilli(now), signer.keyId(), signature);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_tree_head (key_id, tree_size, root_hash, signed_at, signature) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, head.keyId());
      ps.setLong(2, size);
      ps.setString(3, root);
      ps.setLong(4, now);
      ps.setString(5, signature);
      ps.executeUpdate();
    }
    return head;
  }

  private Optional<SignedTreeHead> newestOwnHead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tree_size, root_hash, signed_at, signature FROM audit_tree_head WHERE key_id = ?"
            + " ORDER BY tree_size DESC LIMIT 1")) {
      ps.setString(1, signer.keyId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new SignedTreeHead(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
            signer.keyId(), rs.getString(4)));
      }
    }
  }

  private static long lockState(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT tree_size FROM audit_tree_state WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StoreException("audit_tree_state row is missing: the audit tree cannot grow");
      }
      return rs.getLong(1);
    }
  }

  private static long auditHeadSeq(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM audit_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static Optional<AuditEntry> entry(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + ChainedAuditLog.COLUMNS + " FROM audit_log WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(ChainedAuditLog.read(rs)) : Optional.empty();
      }
    }
  }

  /** Stored subtree hashes read on one connection. */
  private static final class SqlNodes implements MerkleTree.Nodes {

    private final Connection c;

    SqlNodes(Connection c) {
      this.c = c;
    }

    @Override
    public byte[] node(int level, long index) {
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_tree_node WHERE lvl = ? AND idx = ?")) {
        ps.setInt(1, level);
        ps.setLong(2, index);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new StoreException("audit tree node " + level + "/" + index + " is missing");
          }
          return HexFormat.of().parseHex(rs.getString(1));
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read the audit tree: " + e.getMessage(), e);
      }
    }
  }

  private record Extension(long size, boolean more) {}
}
