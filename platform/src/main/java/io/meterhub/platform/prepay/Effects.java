package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import java.util.ArrayList;
import java.util.List;

/** What a committed account change must trigger outside the transaction: relay orders, display, audit. Internal. */
final class Effects {

  record Audit(String actor, String action, String target, String details) {}

  String accountId;
  String meterId;
  String disconnectReason;
  String reconnectReason;
  PrepaymentDisplay display;
  final List<Audit> audits = new ArrayList<>();

  void audit(String actor, String action, String target, String details) {
    audits.add(new Audit(actor, action, target, details));
  }
}
