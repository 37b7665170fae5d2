package io.meterhub.platform.prepay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/** The full mutable state of one account row while its transaction holds the row lock. Internal. */
final class AccountRow {

  String id;
  String meterId;
  String tariffId;
  String currency;
  CreditPolicy policy;
  long balance;
  long debt;
  CreditState state;
  Set<String> flags = new TreeSet<>();
  long remainderNano;
  long lastSeq;
  Instant regTs;
  Long regTotalWh;
  Long regSharpWh;
  Long regPeakWh;
  Long regFlatWh;
  Long regValleyWh;
  String blockMonth;
  long blockUsedWh;
  LocalDate standingDay;
  LocalDate debtPeriodStart;
  long debtPeriodTaken;
  String supplyRequested;
  String supplyOrder;
  Instant supplyConfirmedAt;
  Instant createdAt;
  Instant updatedAt;

  Account view() {
    return new Account(id, meterId, tariffId, currency, policy, balance, debt, state, flags, SupplyOrder.of(this), regTs,
        createdAt, updatedAt);
  }
}
