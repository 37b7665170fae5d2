package io.meterhub.platform.prepay;

/**
 * The latest relay order of an account's credit policy.
 *
 * @param action {@code disconnect} or {@code reconnect}
 * @param status {@code pending} until the meter confirms it, then {@code confirmed}
 * @param orderId reference of the order in the command pipeline; null while it is being issued
 */
public record SupplyOrder(String action, String status, String orderId) {

  static SupplyOrder of(AccountRow row) {
    if (row.supplyRequested == null) {
      return null;
    }
    return new SupplyOrder("off".equals(row.supplyRequested) ? "disconnect" : "reconnect",
        row.supplyConfirmedAt == null ? "pending" : "confirmed", row.supplyOrder);
  }
}
