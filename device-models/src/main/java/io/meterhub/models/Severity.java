package io.meterhub.models;

/** How urgently an operator should look at a meter event. */
public enum Severity {
  /** Normal operation worth recording (e.g. relay closed, power restored). */
  INFO,
  /** Needs attention but no immediate action (e.g. low credit, overload). */
  WARNING,
  /** Supply problem or possible fraud: act now (e.g. tamper, voltage loss). */
  CRITICAL
}
