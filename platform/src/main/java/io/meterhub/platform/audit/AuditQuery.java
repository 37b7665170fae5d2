package io.meterhub.platform.audit;

import java.time.Instant;

/** Filter for listing audit entries; null fields do not filter. Entries come in ascending seq order. */
public record AuditQuery(String actor, String action, Instant from, Instant to, int limit, String cursor) {}
