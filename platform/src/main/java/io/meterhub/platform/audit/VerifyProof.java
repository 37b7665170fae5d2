package io.meterhub.platform.audit;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Offline check of an audit inclusion proof, no server needed:
 *
 * <pre>java -cp platform/target/meterhub.jar io.meterhub.platform.audit.VerifyProof proof.json public-key.pem</pre>
 *
 * <p>{@code proof.json} is the body of {@code GET /api/v1/audit/{seq}/proof}, {@code public-key.pem} the body of
 * {@code GET /api/v1/audit/public-key}. Checks that the entry's fields rehash to its hash, the leaf hash, the audit
 * path up to the root, that the root and size are the ones the tree head signs, and the Ed25519 signature. Exit code
 * 0 = valid, 1 = invalid (the reason is printed), 2 = unreadable input.
 */
public final class VerifyProof {

  private VerifyProof() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@code System.exit}: returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println("usage: VerifyProof <proof.json> <public-key.pem>");
      return 2;
    }
    JsonObject json;
    InclusionProof proof;
    String publicKey;
    try {
      json = new JsonObject(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
      proof = ProofJson.readProof(json);
      publicKey = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
    } catch (Exception e) {
      err.println("cannot read the proof or the key: " + e.getMessage());
      return 2;
    }
    Optional<String> problem = check(proof, publicKey);
    if (problem.isEmpty() && !summaryMatches(json, proof)) {
      problem = Optional.of("seq, treeSize or rootHash differ from the entry and the signed tree head");
    }
    if (problem.isPresent()) {
      out.println("INVALID: " + problem.get());
      return 1;
    }
    out.println("VALID: audit entry " + proof.seq() + " is in the signed tree of " + proof.head().treeSize()
        + " entries (root " + proof.head().rootHash() + ", signed " + proof.head().timestamp() + ")");
    return 0;
  }

  private static boolean summaryMatches(JsonObject json, InclusionProof proof) {
    return Long.valueOf(proof.seq()).equals(json.getLong("seq"))
        && Long.valueOf(proof.head().treeSize()).equals(json.getLong("treeSize"))
        && proof.head().rootHash().equals(json.getString("rootHash"));
  }

  /** Why the proof does not hold, or empty when it does. */
  public static Optional<String> check(InclusionProof proof, String publicKeyPem) {
    try {
      AuditEntry e = proof.entry();
      if (!AuditHashing.hash(e).equals(e.hash())) {
        return Optional.of("the entry's fields do not hash to its hash (entry altered)");
      }
      byte[] leaf = MerkleTree.leafHash(e.hash());
      if (!HexFormat.of().formatHex(leaf).equals(proof.leafHash())) {
        return Optional.of("the leaf hash is not the hash of the entry");
      }
      SignedTreeHead head = proof.head();
      List<byte[]> path = proof.auditPath().stream().map(HexFormat.of()::parseHex).toList();
      if (!MerkleTree.verifyInclusion(e.seq() - 1, head.treeSize(), leaf, path, HexFormat.of().parseHex(
          head.rootHash()))) {
        return Optional.of("the audit path does not lead to the signed root hash");
      }
      if (!AuditSigner.keyIdOf(publicKeyPem).equals(head.keyId())) {
        return Optional.of("the tree head was signed with another key (key id " + head.keyId() + ")");
      }
      if (!AuditSigner.verify(publicKeyPem, head.signedBytes(), Base64.getDecoder().decode(head.signature()))) {
        return Optional.of("the tree head signature is not valid");
      }
      return Optional.empty();
    } catch (RuntimeException ex) {
      return Optional.of("malformed proof: " + ex.getMessage());
    }
  }
}
