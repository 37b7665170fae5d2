package io.meterhub.platform.prepay;

import java.time.LocalDate;
import java.util.List;

/**
 * Reconciliation of one UTC day: money per payment channel, and the ledger invariant of every account.
 *
 * @param channels totals per channel and currency of top-ups made and top-ups reversed that day
 * @param accountsChecked how many accounts were checked
 * @param mismatches accounts whose ledger does not sum to the balance or has a gap in its sequence
 */
public record Reconciliation(
    LocalDate day, List<ChannelTotal> channels, long accountsChecked, List<Mismatch> mismatches) {

  public Reconciliation {
    channels = List.copyOf(channels);
    mismatches = List.copyOf(mismatches);
  }

  public boolean balanced() {
    return mismatches.isEmpty();
  }

  /**
   * Payments of one channel in one currency.
   *
   * @param reversedAmount the original amounts of top-ups reversed that day
   * @param net topUpAmount − reversedAmount
   */
  public record ChannelTotal(String channel, String currency, long topUps, long topUpAmount, long reversals,
      long reversedAmount, long net) {}

  /** An account whose balance differs from the sum of its entries, or whose entry count differs from its last seq. */
  public record Mismatch(String accountId, long balance, long ledgerSum, long entries, long lastSeq) {}
}
