package io.meterhub.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

abstract class AuditTreeContractTest extends DbContractBase {

  private final AuditSigner signer = AuditSigner.generate();
  private ChainedAuditLog log;
  private AuditTree tree;

  @TempDir Path dir;

  @BeforeEach
  void emptyTree() {
    TestDatabase.sql(db, "DELETE FROM audit_tree_node");
    TestDatabase.sql(db, "DELETE FROM audit_tree_head");
    TestDatabase.sql(db, "UPDATE audit_tree_state SET tree_size = 0 WHERE id = 1");
    log = new ChainedAuditLog(db, Clock.systemUTC());
    tree = new JdbcAuditTree(db, signer, Clock.systemUTC());
  }

  private void recordUpTo(long size) {
    for (long seq = count() + 1; seq <= size; seq++) {
      log.record("alice", "meter.update", "m" + seq, seq % 3 == 0 ? null : "{\"n\":" + seq + "}");
    }
    log.chainQueued();
  }

  private long count() {
    return db.withConnection(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_log")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** RFC 6962 MTH straight from the definition, over every entry: the independent reference. */
  private static byte[] referenceRoot(List<byte[]> leaves) {
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return MerkleTree.nodeHash(referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
  }

  private List<byte[]> leaves(long size) {
    List<byte[]> leaves = new ArrayList<>();
    db.withConnection(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT hash FROM audit_log WHERE seq <= " + size
          + " ORDER BY seq")) {
        while (rs.next()) {
          byte[] entryHash = HexFormat.of().parseHex(rs.getString(1));
          byte[] leaf = new byte[33];
          System.arraycopy(entryHash, 0, leaf, 1, 32);
          leaves.add(MerkleTree.sha256(leaf));
        }
      }
      return null;
    });
    return leaves;
  }

  @Test
  void proofsOfEveryEntryVerifyAsTheTreeGrowsThrough1_2_3_7_8And1000Entries() {
    for (long size : new long[] {1, 2, 3, 7, 8, 1000}) {
      recordUpTo(size);

      SignedTreeHead head = tree.publish().orElseThrow();

      assertThat(head.treeSize()).isEqualTo(size);
      assertThat(head.rootHash()).isEqualTo(HexFormat.of().formatHex(referenceRoot(leaves(size))));
      for (long seq = 1; seq <= size; seq += size > 8 ? 37 : 1) {
        assertProofHolds(seq, size);
      }
      assertProofHolds(size, size);
    }
  }

  private void assertProofHolds(long seq, long size) {
    InclusionProof proof = tree.proof(seq).orElseThrow();
    assertThat(proof.head().treeSize()).isEqualTo(size);
    assertThat(proof.auditPath()).hasSizeLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(size - 1 | 1) + 1);
    assertThat(VerifyProof.check(proof, tree.publicKeyPem())).as("seq %d of %d", seq, size).isEmpty();
  }

  @Test
  void aProofOfAnEntryNewerThanTheLatestHeadPublishesANewHead() {
    recordUpTo(5);
    assertThat(tree.latest().orElseThrow().treeSize()).isEqualTo(5);
    recordUpTo(6);

    assertThat(tree.latest().orElseThrow().treeSize()).isEqualTo(5);
    assertThat(tree.proof(6).orElseThrow().head().treeSize()).isEqualTo(6);
    assertThat(tree.proof(7)).isEmpty();
    assertThat(tree.proof(0)).isEmpty();
  }

  @Test
  void tamperingWithTheEntryLeafPathRootOrSignatureFailsVerification() {
    recordUpTo(7);
    JsonObject good = ProofJson.proof(tree.proof(3).orElseThrow());
    String key = tree.publicKeyPem();
    assertThat(check(good, key)).isEmpty();

    JsonObject entry = good.copy();
    entry.getJsonObject("entry").put("target", "m-other");
    assertThat(check(entry, key)).hasValueSatisfying(m -> assertThat(m).contains("entry altered"));

    JsonObject leaf = good.copy().put("leafHash", "00".repeat(32));
    assertThat(check(leaf, key)).isPresent();

    JsonObject path = good.copy();
    JsonArray siblings = path.getJsonArray("auditPath");
    siblings.set(1, flip(siblings.getString(1)));
    assertThat(check(path, key)).hasValueSatisfying(m -> assertThat(m).contains("audit path"));

    JsonObject shorter = good.copy();
    shorter.getJsonArray("auditPath").remove(2);
    assertThat(check(shorter, key)).isPresent();

    JsonObject root = good.copy();
    root.getJsonObject("signedTreeHead").put("rootHash", flip(good.getString("rootHash")));
    assertThat(check(root, key)).isPresent();

    JsonObject size = good.copy();
    size.getJsonObject("signedTreeHead").put("treeSize", 8);
    assertThat(check(size, key)).isPresent();

    JsonObject signature = good.copy();
    byte[] sig = Base64.getDecoder().decode(good.getJsonObject("signedTreeHead").getString("signature"));
    sig[10] ^= 1;
    signature.getJsonObject("signedTreeHead").put("signature", Base64.getEncoder().encodeToString(sig));
    assertThat(check(signature, key)).hasValueSatisfying(m -> assertThat(m).contains("signature"));

    assertThat(check(good, AuditSigner.generate().publicKeyPem())).isPresent();
  }

  @Test
  void anEntryAlteredInTheDatabaseAfterSigningNoLongerProves() {
    recordUpTo(4);
    tree.publish();
    TestDatabase.sql(db, "UPDATE audit_log SET target = 'forged' WHERE seq = 2");
    assertThat(VerifyProof.check(tree.proof(2).orElseThrow(), tree.publicKeyPem())).isPresent();

    // Rewriting the hash too (a consistent-looking row) changes the leaf, which the signed root does not cover.
    AuditEntry forged = readEntry(2);
    String rehashed = AuditHashing.hash(forged);
    TestDatabase.sql(db, "UPDATE audit_log SET hash = '" + rehashed + "' WHERE seq = 2");
    assertThat(VerifyProof.check(tree.proof(2).orElseThrow(), tree.publicKeyPem()))
        .hasValueSatisfying(m -> assertThat(m).contains("audit path"));
    assertThat(VerifyProof.check(tree.proof(1).orElseThrow(), tree.publicKeyPem())).isEmpty();
  }

  @Test
  void theTreeStopsBeforeAnEntryThatBreaksTheChain() {
    recordUpTo(6);
    TestDatabase.sql(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5");

    assertThat(tree.publish().orElseThrow().treeSize()).isEqualTo(4);
    assertThat(tree.proof(5)).isEmpty();
    assertThat(VerifyProof.check(tree.proof(4).orElseThrow(), tree.publicKeyPem())).isEmpty();
  }

  @Test
  void nodesAppendingAndPublishingAtOnceBuildOneTree() throws Exception {
    Database second = target.open();
    try {
      AuditLog otherLog = new ChainedAuditLog(second, Clock.systemUTC());
      AuditTree sameKey = new JdbcAuditTree(second, signer, Clock.systemUTC());
      AuditTree otherKey = new JdbcAuditTree(second, AuditSigner.generate(), Clock.systemUTC());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> work = new ArrayList<>();
        work.add(pool.submit(() -> appendAndPublish(log, tree, "node-1")));
        work.add(pool.submit(() -> appendAndPublish(otherLog, sameKey, "node-2")));
        work.add(pool.submit(() -> appendAndPublish(otherLog, otherKey, "node-3")));
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }

      SignedTreeHead head = tree.publish().orElseThrow();
      assertThat(head.treeSize()).isEqualTo(300);
      assertThat(head.rootHash()).isEqualTo(HexFormat.of().formatHex(referenceRoot(leaves(300))));
      assertThat(otherKey.publish().orElseThrow().rootHash()).isEqualTo(head.rootHash());
      for (long seq : new long[] {1, 150, 299, 300}) {
        assertThat(VerifyProof.check(sameKey.proof(seq).orElseThrow(), tree.publicKeyPem())).isEmpty();
        assertThat(VerifyProof.check(otherKey.proof(seq).orElseThrow(), otherKey.publicKeyPem())).isEmpty();
      }
      assertThat(log.verify().valid()).isTrue();
    } finally {
      second.close();
    }
  }

  private static void appendAndPublish(AuditLog log, AuditTree tree, String actor) {
    for (int i = 0; i < 100; i++) {
      log.record(actor, "meter.update", "m" + i, null);
      if (i % 7 == 0) {
        tree.publish();
      }
    }
  }

  @Test
  void theOfflineVerifierExitsZeroForAGoodProofAndNonZeroOtherwise() throws Exception {
    recordUpTo(3);
    JsonObject good = ProofJson.proof(tree.proof(2).orElseThrow());
    Path key = dir.resolve("public-key.pem");
    Files.writeString(key, tree.publicKeyPem());
    Path proof = dir.resolve("proof.json");
    Files.writeString(proof, good.encodePrettily());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, good.copy().put("rootHash", "ab".repeat(32)).encode());
    Path forged = dir.resolve("forged.json");
    JsonObject forgedJson = good.copy();
    forgedJson.getJsonObject("entry").put("actor", "mallory");
    Files.writeString(forged, forgedJson.encode());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(VerifyProof.run(new String[] {proof.toString(), key.toString()}, print, print)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VALID");
    assertThat(VerifyProof.run(new String[] {bad.toString(), key.toString()}, print, print)).isEqualTo(1);
    assertThat(VerifyProof.run(new String[] {forged.toString(), key.toString()}, print, print)).isEqualTo(1);
    assertThat(VerifyProof.run(new String[] {dir.resolve("none.json").toString(), key.toString()}, print, print))
        .isEqualTo(2);
    assertThat(VerifyProof.run(new String[] {proof.toString()}, print, print)).isEqualTo(2);
  }

  @Test
  void theSigningKeyIsCreatedOnceOwnerOnlyAndReused() throws Exception {
    Path file = dir.resolve("keys").resolve("audit-signing-key.pem");
    AuditSigner first = AuditSigner.loadOrCreate(file);
    AuditSigner again = AuditSigner.loadOrCreate(file);

    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    byte[] message = "tree head".getBytes(StandardCharsets.UTF_8);
    assertThat(AuditSigner.verify(first.publicKeyPem(), message, again.sign(message))).isTrue();
  }

  private static java.util.Optional<String> check(JsonObject proof, String key) {
    return VerifyProof.check(ProofJson.readProof(proof), key);
  }

  private static String flip(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    bytes[0] ^= 1;
    return HexFormat.of().formatHex(bytes);
  }

  private AuditEntry readEntry(long seq) {
    return db.withConnection(c -> {
      try (var ps = c.prepareStatement("SELECT " + ChainedAuditLog.COLUMNS + " FROM audit_log WHERE seq = ?")) {
        ps.setLong(1, seq);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return ChainedAuditLog.read(rs);
        }
      }
    });
  }
}
