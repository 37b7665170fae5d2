package io.meterhub.platform.api;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.analytics.Analytics;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditTree;
import io.meterhub.platform.auth.UserStore;
import io.meterhub.platform.event.EventApi;
import io.meterhub.platform.meter.DeviceCredentials;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.store.Durability;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP API is built from: stores and live state by interface, so that H2, PostgreSQL or in-memory variants
 * plug in alike.
 *
 * @param healthChecks named checks behind {@code GET /health} (a {@code hazelcast} check is always added)
 * @param events services of the event, alarm, outage, webhook and stream routes; null leaves those routes out
 * @param prepay prepayment service, or null when the node runs without it (its routes then answer 503)
 * @param auditTree signed Merkle tree over the audit log, or null (its routes then answer 503)
 * @param analytics grid analytics and energy reports, or null (their routes then answer 503)
 * @param privacy customer vault (and consent) services, or null to leave those routes out
 * @param durability when the node's commits survive a crash; successful replies wait for it (null: at commit)
 */
public record ApiDependencies(
    MeterStore meters,
    ReadingStore readings,
    MeterLiveState liveState,
    DeviceCredentials credentials,
    AuditLog audit,
    UserStore users,
    HazelcastInstance hazelcast,
    Clock clock,
    PrometheusMeterRegistry registry,
    Map<String, HealthCheck> healthChecks,
    EventApi events,
    PrepayService prepay,
    AuditTree auditTree,
    Analytics analytics,
    PrivacyServices privacy,
    Durability durability) {

  public ApiDependencies {
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(readings, "readings");
    Objects.requireNonNull(liveState, "liveState");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(hazelcast, "hazelcast");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    healthChecks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(healthChecks));
    durability = durability == null ? Durability.AT_COMMIT : durability;
  }

  /** Dependencies without the event feature and prepayment. */
  public ApiDependencies(MeterStore meters, ReadingStore readings, MeterLiveState liveState,
      DeviceCredentials credentials, AuditLog audit, UserStore users, HazelcastInstance hazelcast, Clock clock,
      PrometheusMeterRegistry registry, Map<String, HealthCheck> healthChecks) {
    this(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry, healthChecks, null, null,
        null, null, null, null);
  }

  /** Dependencies with the event feature, without prepayment. */
  public ApiDependencies(MeterStore meters, ReadingStore readings, MeterLiveState liveState,
      DeviceCredentials credentials, AuditLog audit, UserStore users, HazelcastInstance hazelcast, Clock clock,
      PrometheusMeterRegistry registry, Map<String, HealthCheck> healthChecks, EventApi events) {
    this(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry, healthChecks, events,
        null, null, null, null, null);
  }

  /** Dependencies with events and prepayment, without the privacy routes. */
  public ApiDependencies(MeterStore meters, ReadingStore readings, MeterLiveState liveState,
      DeviceCredentials credentials, AuditLog audit, UserStore users, HazelcastInstance hazelcast, Clock clock,
      PrometheusMeterRegistry registry, Map<String, HealthCheck> healthChecks, EventApi events,
      PrepayService prepay) {
    this(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry, healthChecks, events,
        prepay, null, null, null, null);
  }

  /** The same dependencies with a prepayment service. */
  public ApiDependencies withPrepay(PrepayService service) {
    return new ApiDependencies(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry,
        healthChecks, events, service, auditTree, analytics, privacy, durability);
  }

  /** The same dependencies with the signed audit tree. */
  public ApiDependencies withAuditTree(AuditTree tree) {
    return new ApiDependencies(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry,
        healthChecks, events, prepay, tree, analytics, privacy, durability);
  }

  /** The same dependencies with the analytics feature. */
  public ApiDependencies withAnalytics(Analytics service) {
    return new ApiDependencies(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry,
        healthChecks, events, prepay, auditTree, service, privacy, durability);
  }

  /** The same dependencies with the customer vault (and consent) services. */
  public ApiDependencies withPrivacy(PrivacyServices services) {
    return new ApiDependencies(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry,
        healthChecks, events, prepay, auditTree, analytics, services, durability);
  }

  /** The same dependencies with the durability of the node's database: API replies wait for it. */
  public ApiDependencies withDurability(Durability of) {
    return new ApiDependencies(meters, readings, liveState, credentials, audit, users, hazelcast, clock, registry,
        healthChecks, events, prepay, auditTree, analytics, privacy, of);
  }
}
