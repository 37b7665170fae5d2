package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.audit.VerifyProof;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuditTreeApiTest {

  static ApiFixture fx;
  static String admin;
  static String auditor;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
    auditor = fx.userWithRole("tree.auditor", "auditor");
    for (int i = 0; i < 4; i++) {
      JsonObject meter = new JsonObject().put("id", "t-" + i).put("model", "KPM31").put("region", "north/t")
          .put("security", new JsonObject().put("mode", "psk").put("identity", "t-" + i).put("key", "ab".repeat(16)));
      assertThat(fx.send("POST", "/api/v1/meters", admin, meter).status()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void aProofFetchedFromTheApiVerifiesOfflineWithThePublishedKey() throws Exception {
    long seq = fx.auditEntries().get(2).seq();
    Response proof = fx.get("/api/v1/audit/" + seq + "/proof", auditor);
    Response key = fx.get("/api/v1/audit/public-key", null);

    assertThat(proof.status()).as("%s", proof).isEqualTo(200);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.header("Content-Type")).hasValue("application/x-pem-file");
    JsonObject body = proof.json();
    assertThat(body.getLong("seq")).isEqualTo(seq);
    assertThat(body.getLong("treeSize")).isGreaterThanOrEqualTo(seq);
    assertThat(body.fieldNames()).contains("leafHash", "rootHash", "auditPath", "signedTreeHead");
    Path proofFile = dir.resolve("proof.json");
    Path keyFile = dir.resolve("public-key.pem");
    Files.writeString(proofFile, proof.body());
    Files.writeString(keyFile, key.body());
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(VerifyProof.run(new String[] {proofFile.toString(), keyFile.toString()}, sink, sink)).isZero();
    Files.writeString(proofFile, body.copy().put("rootHash", "0".repeat(64)).encode());
    assertThat(VerifyProof.run(new String[] {proofFile.toString(), keyFile.toString()}, sink, sink)).isEqualTo(1);
  }

  @Test
  void theRootIsTheSignedHeadTheNewestProofLeadsTo() {
    long last = fx.auditEntries().get(fx.auditEntries().size() - 1).seq();
    JsonObject proof = fx.get("/api/v1/audit/" + last + "/proof", admin).json();
    Response root = fx.get("/api/v1/audit/root", auditor);

    assertThat(root.status()).isEqualTo(200);
    assertThat(root.json().getLong("treeSize")).isGreaterThanOrEqualTo(last);
    assertThat(root.json().fieldNames()).containsExactlyInAnyOrder("treeSize", "rootHash", "timestamp", "keyId",
        "signature");
    if (root.json().getLong("treeSize") == last) {
      assertThat(root.json()).isEqualTo(proof.getJsonObject("signedTreeHead"));
    }
  }

  @Test
  void proofsAreForAdminsAndAuditorsOfEntriesThatExist() {
    String operator = fx.userWithRole("tree.operator", "operator");
    assertThat(fx.get("/api/v1/audit/1/proof", operator).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/audit/root", operator).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/audit/1/proof", null).status()).isEqualTo(401);
    assertThat(fx.get("/api/v1/audit/999999/proof", admin).status()).isEqualTo(404);
    assertThat(fx.get("/api/v1/audit/seven/proof", admin).status()).isEqualTo(404);
    assertThat(fx.get("/api/v1/audit/0/proof", admin).status()).isEqualTo(404);
  }
}
