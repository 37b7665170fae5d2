package io.meterhub.platform.prepay;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The receipt of a credited top-up (the 201 body; replayed as stored for a repeated idempotency key).
 *
 * @param id the top-up's id (its ledger entry; reversal target)
 * @param debtRecovered taken from the amount for debt
 * @param emergencyRepaid emergency credit repaid (how far below zero the balance was, up to what was left)
 * @param balanceAfter balance after the top-up and its deductions
 */
public record TopUpReceipt(
    String id,
    String receiptNo,
    String accountId,
    String meterId,
    String tariffId,
    long amount,
    String currency,
    String reference,
    String channel,
    long debtRecovered,
    long emergencyRepaid,
    long balanceAfter,
    long debtAfter,
    Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("receiptNo", receiptNo)
        .put("accountId", accountId)
        .put("meterId", meterId)
        .put("tariffId", tariffId)
        .put("amount", amount)
        .put("currency", currency)
        .put("reference", reference)
        .put("channel", channel)
        .put("deductions", new JsonObject().put("debtRecovery", debtRecovered).put("emergencyCredit", emergencyRepaid))
        .put("balanceAfter", balanceAfter)
        .put("debtAfter", debtAfter)
        .put("createdAt", createdAt.toString());
  }

  public static TopUpReceipt fromJson(JsonObject j) {
    JsonObject d = j.getJsonObject("deductions");
    return new TopUpReceipt(j.getString("id"), j.getString("receiptNo"), j.getString("accountId"),
        j.getString("meterId"), j.getString("tariffId"), j.getLong("amount"), j.getString("currency"),
        j.getString("reference"), j.getString("channel"), d.getLong("debtRecovery"), d.getLong("emergencyCredit"),
        j.getLong("balanceAfter"), j.getLong("debtAfter"), Instant.parse(j.getString("createdAt")));
  }
}
