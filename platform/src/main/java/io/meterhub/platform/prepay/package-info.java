/**
 * Prepayment: tariffs ({@code prepay.tariff}), one account per meter, an append-only ledger, idempotent top-ups and
 * reversals, consumption and standing charges, and the credit policy.
 *
 * <p>Money rules: amounts are {@code long} minor units; prices are decimals with at most 6 places. Every balance
 * change commits in one transaction with its ledger entries while the account row is locked ({@code SELECT … FOR
 * UPDATE}), so the entries of an account always sum to its balance, across any number of nodes. Charges are exact
 * (in 10⁻⁹ minor units) and rounded by one rule: the exact amount is added to the account's carried remainder and
 * only whole minor units are charged. Consumption is charged from cumulative register deltas since the snapshot
 * stored on the account row in the same transaction, so repeated, lost or reordered readings never double-charge
 * or lose energy. A top-up's idempotency record is completed in the same transaction as the credit, so a crash
 * between commit and answer is recovered by the client's retry, which receives the stored receipt. Audit entries of a
 * money change are appended inside its transaction (last, so the chain's head lock is held only for the commit): no
 * money moves without its audit entry. Credit-state changes are written to an outbox in the same transaction and
 * handed to {@link io.meterhub.platform.prepay.CreditAlerts} (events and alarms) after the commit, again by the
 * schedule's sweep after a crash. An account is {@code disconnected} only once the meter confirmed the open relay.
 *
 * <p>Ports to the rest of the platform: {@link io.meterhub.platform.prepay.SupplyControl} (relay orders: recorded by
 * {@link io.meterhub.platform.prepay.JdbcSupplyControl}, carried to the meter as relay commands), {@link io.meterhub.platform.prepay.DisplayPublisher}
 * (meter display; a node pushes it through the command pipeline, tests keep the latest in memory with
 * {@link io.meterhub.platform.prepay.LatestDisplayPublisher}); readings come in through
 * {@link io.meterhub.platform.prepay.ConsumptionCharger}, a {@code metering.ReadingSink}.
 */
package io.meterhub.platform.prepay;
