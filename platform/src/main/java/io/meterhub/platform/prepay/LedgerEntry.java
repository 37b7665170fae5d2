package io.meterhub.platform.prepay;

import java.time.Instant;

/**
 * One append-only ledger entry; the entries of an account sum to its balance.
 *
 * @param seq position in the account's ledger, from 1, no gaps
 * @param amount signed change of the balance, minor units
 * @param balanceAfter balance after this entry
 * @param debtAfter debt after this entry
 * @param channel payment channel of top-ups and their reversals, else null
 * @param reference payment reference of top-ups, else null
 * @param receiptNo receipt number of top-ups, else null
 * @param reverses id of the top-up a reversal compensates, else null
 * @param details JSON object text with facts (energy, band, day), or null
 */
public record LedgerEntry(
    String id,
    String accountId,
    long seq,
    LedgerType type,
    long amount,
    long balanceAfter,
    long debtAfter,
    String currency,
    String channel,
    String reference,
    String receiptNo,
    String reverses,
    String details,
    Instant createdAt) {}
