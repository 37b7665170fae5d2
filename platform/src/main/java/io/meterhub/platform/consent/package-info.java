/**
 * Reporting-granularity consent per meter (monthly, daily, 30-min, 15-min) with its lawful basis and history: the
 * platform sets the meter's observe attributes to match and stores no finer readings than consented.
 */
package io.meterhub.platform.consent;
