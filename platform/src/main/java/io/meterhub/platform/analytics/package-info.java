/**
 * Grid analytics and energy reports from the readings, events, outages and prepayment ledger tables (read only).
 *
 * <ul>
 *   <li>{@link io.meterhub.platform.analytics.LoadCurves}: energy per group and interval from deltas of the cumulative
 *       active-energy register, linearly interpolated over gaps ({@link io.meterhub.platform.analytics.RegisterCurve}),
 *       so missing, late or reordered readings neither lose nor double-count energy; non-coincident peak demand; meters
 *       per interval. Groups are {@code region} (full path) or {@code region:N} (first N path segments).
 *   <li>{@link io.meterhub.platform.analytics.QualityStats}: voltage statistics, supply-event counts, outages.
 *   <li>{@link io.meterhub.platform.analytics.EnergyReports}: a month of a set of meters (days, TOU bands, ledger cost,
 *       previous month, regional average, saving tips); independent of customers.
 * </ul>
 *
 * <p>Privacy: per-meter-derived aggregates are released only for groups of at least {@code
 * METERHUB_ANALYTICS_MIN_GROUP_METERS} meters, in the period and in every interval (an interval with fewer reporting
 * meters would be their load curve); with {@code METERHUB_ANALYTICS_MAX_SHARE_PERCENT} (15 = the CPUC 15/15 rule) also
 * only when no meter holds more than that share of the group's energy, in the period or in any interval. Withheld
 * groups carry a reason and no numbers. {@link io.meterhub.platform.analytics.Analytics} audits every query.
 */
package io.meterhub.platform.analytics;
