package io.meterhub.platform.api;

import io.meterhub.platform.prepay.Account;
import io.meterhub.platform.prepay.LedgerEntry;
import io.meterhub.platform.prepay.PolicyCodec;
import io.meterhub.platform.prepay.Reconciliation;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.prepay.tariff.TariffCodec;
import io.meterhub.platform.prepay.tariff.TariffStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** JSON of prepayment values (api-v1 Prepayment). */
final class PrepayJson {

  private PrepayJson() {}

  static JsonObject tariff(List<Tariff> versions, Instant now) {
    JsonArray all = new JsonArray();
    versions.forEach(v -> all.add(TariffCodec.toJson(v)));
    Tariff current = TariffStore.activeAt(versions, now);
    return new JsonObject().put("id", current.id()).put("currency", current.currency())
        .put("current", TariffCodec.toJson(current)).put("versions", all);
  }

  static JsonObject account(Account a) {
    JsonArray flags = new JsonArray();
    a.flags().stream().sorted().forEach(flags::add);
    return new JsonObject()
        .put("id", a.id())
        .put("meterId", a.meterId())
        .put("tariffId", a.tariffId())
        .put("currency", a.currency())
        .put("balance", a.balance())
        .put("debt", a.debt())
        .put("creditState", a.creditState().apiName())
        .put("policy", PolicyCodec.toJson(a.policy()))
        .put("flags", flags)
        .put("supplyOrder", a.supplyOrder() == null ? null : new JsonObject()
            .put("action", a.supplyOrder().action())
            .put("status", a.supplyOrder().status())
            .put("commandId", a.supplyOrder().orderId()))
        .put("lastReadingAt", JsonViews.time(a.lastReadingAt()))
        .put("createdAt", JsonViews.time(a.createdAt()))
        .put("updatedAt", JsonViews.time(a.updatedAt()));
  }

  static JsonObject entry(LedgerEntry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("accountId", e.accountId())
        .put("seq", e.seq())
        .put("type", e.type().apiName())
        .put("amount", e.amount())
        .put("balanceAfter", e.balanceAfter())
        .put("debtAfter", e.debtAfter())
        .put("currency", e.currency())
        .put("channel", e.channel())
        .put("reference", e.reference())
        .put("receiptNo", e.receiptNo())
        .put("reverses", e.reverses())
        .put("details", details(e.details()))
        .put("createdAt", JsonViews.time(e.createdAt()));
  }

  static JsonObject reconciliation(Reconciliation r) {
    JsonArray channels = new JsonArray();
    for (Reconciliation.ChannelTotal t : r.channels()) {
      channels.add(new JsonObject().put("channel", t.channel()).put("currency", t.currency())
          .put("topUps", t.topUps()).put("topUpAmount", t.topUpAmount()).put("reversals", t.reversals())
          .put("reversedAmount", t.reversedAmount()).put("net", t.net()));
    }
    JsonArray mismatches = new JsonArray();
    for (Reconciliation.Mismatch m : r.mismatches()) {
      mismatches.add(new JsonObject().put("accountId", m.accountId()).put("balance", m.balance())
          .put("ledgerSum", m.ledgerSum()).put("entries", m.entries()).put("lastSeq", m.lastSeq()));
    }
    return new JsonObject().put("day", r.day().toString()).put("channels", channels)
        .put("accountsChecked", r.accountsChecked()).put("balanced", r.balanced()).put("mismatches", mismatches);
  }

  private static Object details(String details) {
    if (details == null) {
      return null;
    }
    try {
      return new JsonObject(details);
    } catch (DecodeException e) {
      return details;
    }
  }
}
