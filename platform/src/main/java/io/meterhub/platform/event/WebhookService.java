package io.meterhub.platform.event;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Webhook subscriptions (admin): create, list, delete (audited), and the delivery log. Blocking. */
public final class WebhookService {

  static final int MAX_URL = 2048;
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 256;

  private final JdbcWebhookStore store;
  private final WebhookDispatcher dispatcher;
  private final AuditLog audit;
  private final Clock clock;

  public WebhookService(JdbcWebhookStore store, WebhookDispatcher dispatcher, AuditLog audit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Validates and stores a subscription.
   *
   * @throws io.meterhub.platform.common.ValidationException for a non-http(s) URL, unknown event types or a short
   *     secret
   */
  public Webhook create(String actor, String url, List<String> eventTypes, String secret) {
    Objects.requireNonNull(actor, "actor");
    FieldErrors errors = new FieldErrors();
    if (url != null) {
      validateUrl(url, errors);
    }
    if (eventTypes != null) {
      if (eventTypes.isEmpty() || eventTypes.size() > 64) {
        errors.add("eventTypes", "must list 1 to 64 types");
      }
      for (String type : eventTypes) {
        if (!isSubscribable(type)) {
          errors.add("eventTypes", "unknown type '" + type.substring(0, Math.min(type.length(), 64)) + "'");
          break;
        }
      }
    }
    if (secret != null && (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET)) {
      errors.add("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
    }
    errors.throwIfAny();
    Webhook hook = new Webhook(UUID.randomUUID().toString(), url, List.copyOf(new LinkedHashSet<>(eventTypes)),
        secret, actor, clock.instant());
    store.insert(hook);
    dispatcher.refresh();
    audit.record(actor, "webhook.create", "webhook:" + hook.id(),
        new JsonObject().put("url", url).put("eventTypes", new JsonArray(hook.eventTypes())).encode());
    return hook;
  }

  public List<Webhook> list() {
    return store.all();
  }

  /** @return false when no such webhook exists */
  public boolean delete(String actor, String id) {
    boolean deleted = store.delete(id);
    if (deleted) {
      dispatcher.refresh();
      audit.record(actor, "webhook.delete", "webhook:" + id, null);
    }
    return deleted;
  }

  /** The delivery log of a webhook, newest first; empty when the webhook does not exist. */
  public Optional<Page<WebhookDelivery>> deliveries(String id, int limit, String cursor) {
    if (store.find(id).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(store.deliveries(id, limit, cursor));
  }

  static boolean isSubscribable(String type) {
    return type.equals("*") || type.equals("alarm") || type.equals("outage") || EventTypes.isKnown(type);
  }

  private static void validateUrl(String url, FieldErrors errors) {
    if (url.length() > MAX_URL) {
      errors.add("url", "must be at most " + MAX_URL + " characters");
      return;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
        errors.add("url", "must be an absolute http or https URL without user info");
      }
    } catch (URISyntaxException e) {
      errors.add("url", "must be an absolute http or https URL without user info");
    }
  }
}
