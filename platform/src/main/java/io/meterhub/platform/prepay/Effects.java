package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import java.util.ArrayList;
import java.util.List;

/**
 * What one account change produces: audit entries and a credit-state crossing (both written inside the transaction),
 * and what must follow the commit: relay orders, the display, the delivery of the crossing. Internal.
 */
final class Effects {

  record Audit(String actor, String action, String target, String details) {}

  String accountId;
  String meterId;
  String disconnectReason;
  String reconnectReason;
  PrepaymentDisplay display;
  /** Set by the credit rules when the state changed; its id is assigned when the outbox row is written. */
  CreditCrossing crossing;
  final List<Audit> audits = new ArrayList<>();

  void audit(String actor, String action, String target, String details) {
    audits.add(new Audit(actor, action, target, details));
  }
}
