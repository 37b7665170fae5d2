package io.meterhub.platform.customer;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.customer.CustomerVault.LinkOutcome;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Customer vault operations with their rules: validation, and an audit entry for every mutation and for every read of
 * personal data (who, which customer, why; never the personal values). Authorisation by role is the caller's job: the
 * API lets only admin and support call the {@code *Personal} methods. Blocking: never call it on an event loop.
 */
public final class CustomerService {

  static final int MAX_REASON = 256;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

  private final CustomerVault vault;
  private final AuditLog audit;
  private final Predicate<String> meterExists;

  public CustomerService(CustomerVault vault, AuditLog audit, Predicate<String> meterExists) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.meterExists = Objects.requireNonNull(meterExists, "meterExists");
  }

  /** Creates a customer; {@code id} null = generated. Validation failures name fields, never echo values. */
  public CustomerSummary create(String actor, String id, PersonalData personal) {
    Objects.requireNonNull(actor, "actor");
    FieldErrors errors = new FieldErrors();
    if (id != null && !ID.matcher(id).matches()) {
      errors.add("id", "must be 1–128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    if (personal == null) {
      errors.add("name", "is required");
    } else {
      validate(errors, personal.name(), personal.address(), personal.phone(), personal.email());
    }
    errors.throwIfAny();
    String customerId = id != null ? id : "c-" + UUID.randomUUID();
    CustomerSummary created = vault.create(customerId, personal);
    audit.record(
        actor,
        "customer.create",
        customerId,
        new JsonObject()
            .put("ref", created.ref())
            .put("fields", new JsonArray(presentFields(personal)))
            .put("protected", created.protectedCustomer())
            .encode());
    return created;
  }

  /** The customer's personal data for an authorised reader; the read is audited with its reason. */
  public Optional<Customer> readPersonal(String actor, String idOrRef, String reason) {
    Objects.requireNonNull(actor, "actor");
    requireReason(reason);
    Optional<Customer> customer = vault.read(idOrRef);
    customer.ifPresent(
        c -> audit.record(actor, "customer.read", c.id(), new JsonObject().put("reason", reason).encode()));
    return customer;
  }

  /** A page of customers with personal data; one audit entry names every customer shown and the reason. */
  public Page<Customer> listPersonal(String actor, int limit, String cursor, String reason) {
    Objects.requireNonNull(actor, "actor");
    requireReason(reason);
    Page<Customer> page = vault.readAll(limit, cursor);
    audit.record(
        actor,
        "customer.list",
        null,
        new JsonObject()
            .put("reason", reason)
            .put("customers", new JsonArray(page.items().stream().map(Customer::id).toList()))
            .encode());
    return page;
  }

  /** The pseudonymous view (no personal data, nothing decrypted). */
  public Optional<CustomerSummary> summary(String idOrRef) {
    return vault.summary(Objects.requireNonNull(idOrRef, "idOrRef"));
  }

  public Page<CustomerSummary> summaries(int limit, String cursor) {
    return vault.summaries(limit, cursor);
  }

  /** Changes personal fields; audited with the names of the changed fields. */
  public Optional<CustomerSummary> update(String actor, String id, CustomerPatch patch) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(patch, "patch");
    FieldErrors errors = new FieldErrors();
    if (patch.name() != null && patch.name().equals(CustomerPatch.CLEAR)) {
      errors.add("name", "cannot be removed");
    }
    validate(errors, nonEmpty(patch.name()), nonEmpty(patch.address()), nonEmpty(patch.phone()),
        nonEmpty(patch.email()));
    if (patch.fieldNames().isEmpty()) {
      errors.add("body", "names no field to change");
    }
    errors.throwIfAny();
    Optional<CustomerSummary> updated = vault.update(id, patch);
    updated.ifPresent(
        s ->
            audit.record(
                actor,
                "customer.update",
                id,
                new JsonObject().put("fields", new JsonArray(patch.fieldNames())).encode()));
    return updated;
  }

  /** Links a meter (by id only) to a customer; audited when something changed. */
  public LinkOutcome link(String actor, String customerId, String meterId) {
    Objects.requireNonNull(actor, "actor");
    if (!meterExists.test(Objects.requireNonNull(meterId, "meterId"))) {
      return LinkOutcome.METER_NOT_FOUND;
    }
    LinkOutcome outcome = vault.link(customerId, meterId);
    if (outcome == LinkOutcome.LINKED) {
      audit.record(actor, "customer.meter.link", customerId, new JsonObject().put("meterId", meterId).encode());
    }
    return outcome;
  }

  public boolean unlink(String actor, String customerId, String meterId) {
    Objects.requireNonNull(actor, "actor");
    boolean removed = vault.unlink(customerId, meterId);
    if (removed) {
      audit.record(actor, "customer.meter.unlink", customerId, new JsonObject().put("meterId", meterId).encode());
    }
    return removed;
  }

  /** Rotates the vault's data key and re-wraps everything under the current key-encryption key; audited. */
  public KeyRotation rotateKeys(String actor) {
    Objects.requireNonNull(actor, "actor");
    KeyRotation rotation = vault.rotateKeys();
    audit.record(
        actor,
        "customer.key-rotation",
        rotation.dataKeyId(),
        new JsonObject()
            .put("kek", rotation.kekId())
            .put("customersReencrypted", rotation.customersReencrypted())
            .put("dataKeysRetired", rotation.dataKeysRetired())
            .encode());
    return rotation;
  }

  private static void requireReason(String reason) {
    FieldErrors errors = new FieldErrors();
    if (reason == null || reason.isBlank()) {
      errors.add("reason", "is required to read personal data (it is recorded in the audit log)");
    } else if (reason.length() > MAX_REASON) {
      errors.add("reason", "must be at most " + MAX_REASON + " characters");
    }
    errors.throwIfAny();
  }

  private static void validate(FieldErrors errors, String name, String address, String phone, String email) {
    if (name != null && (name.isBlank() || name.length() > 200)) {
      errors.add("name", "must be 1–200 characters");
    }
    if (address != null && (address.isBlank() || address.length() > 1000)) {
      errors.add("address", "must be 1–1000 characters");
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      errors.add("phone", "must be 3–32 digits, spaces or + ( ) . / -");
    }
    if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
      errors.add("email", "must be an e-mail address");
    }
  }

  private static String nonEmpty(String value) {
    return value == null || value.equals(CustomerPatch.CLEAR) ? null : value;
  }

  private static List<String> presentFields(PersonalData p) {
    List<String> out = new java.util.ArrayList<>();
    out.add("name");
    if (p.address() != null) {
      out.add("address");
    }
    if (p.phone() != null) {
      out.add("phone");
    }
    if (p.email() != null) {
      out.add("email");
    }
    if (!p.protectedReasons().isEmpty()) {
      out.add("protectedReasons");
    }
    return out;
  }
}
