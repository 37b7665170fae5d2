package io.meterhub.platform.event;

import java.time.Instant;

/**
 * Filter of an event listing; every filter may be null.
 *
 * @param meterId only this meter
 * @param regionPrefix only meters whose region starts with it
 * @param type only this event type
 * @param from occurredAt ≥ from
 * @param to occurredAt &lt; to
 * @param limit page size (default when ≤ 0, capped at 1000)
 * @param cursor opaque cursor from the previous page
 */
public record EventQuery(
    String meterId, String regionPrefix, String type, Instant from, Instant to, int limit, String cursor) {}
