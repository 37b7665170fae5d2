package io.meterhub.platform.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of signed tree heads and inclusion proofs, served by the API and read back by {@link VerifyProof}.
 * The entry's {@code details} stay the stored text, so that the entry can be rehashed byte for byte.
 */
public final class ProofJson {

  private ProofJson() {}

  public static JsonObject head(SignedTreeHead h) {
    return new JsonObject()
        .put("treeSize", h.treeSize())
        .put("rootHash", h.rootHash())
        .put("timestamp", h.timestamp().toString())
        .put("keyId", h.keyId())
        .put("signature", h.signature());
  }

  public static JsonObject proof(InclusionProof p) {
    AuditEntry e = p.entry();
    JsonObject entry = new JsonObject()
        .put("seq", e.seq())
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("action", e.action())
        .put("target", e.target())
        .put("details", e.details())
        .put("prevHash", e.prevHash())
        .put("hash", e.hash());
    return new JsonObject()
        .put("seq", p.seq())
        .put("leafHash", p.leafHash())
        .put("treeSize", p.head().treeSize())
        .put("rootHash", p.head().rootHash())
        .put("auditPath", new JsonArray(p.auditPath()))
        .put("signedTreeHead", head(p.head()))
        .put("entry", entry);
  }

  static SignedTreeHead readHead(JsonObject json) {
    return new SignedTreeHead(json.getLong("treeSize"), json.getString("rootHash"),
        Instant.parse(json.getString("timestamp")), json.getString("keyId"), json.getString("signature"));
  }

  static InclusionProof readProof(JsonObject json) {
    JsonObject e = json.getJsonObject("entry");
    AuditEntry entry = new AuditEntry(e.getLong("seq"), Instant.parse(e.getString("at")), e.getString("actor"),
        e.getString("action"), e.getString("target"), e.getString("details"), e.getString("prevHash"),
        e.getString("hash"));
    List<String> path = new ArrayList<>();
    json.getJsonArray("auditPath").forEach(o -> path.add((String) o));
    return new InclusionProof(entry, json.getString("leafHash"), path, readHead(json.getJsonObject("signedTreeHead")));
  }
}
