package io.meterhub.platform.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A webhook subscription.
 *
 * @param eventTypes event type names, {@code alarm} (every alarm change), {@code outage} (outage changes) or
 *     {@code *} (everything)
 * @param secret HMAC key of the signatures; never rendered by the API
 */
public record Webhook(String id, String url, List<String> eventTypes, String secret, String createdBy,
    Instant createdAt) {

  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    eventTypes = List.copyOf(eventTypes);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True when a notification of this kind and type is wanted. */
  public boolean wants(String kind, String type) {
    return eventTypes.contains("*") || (kind.equals("event") ? eventTypes.contains(type) : eventTypes.contains(kind));
  }

  @Override
  public String toString() {
    return "Webhook[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + "]";
  }
}
