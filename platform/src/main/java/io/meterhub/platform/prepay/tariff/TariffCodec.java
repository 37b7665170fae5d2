package io.meterhub.platform.prepay.tariff;

import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON form of tariffs (API and storage): strict parsing with every error reported as a field error, and the
 * canonical rendering. Forms:
 *
 * <pre>
 * flat:  {"id","currency","type":"flat","pricePerKwh":"1.0000"}
 * tou:   {"id","currency","type":"tou","bands":{"peak":"0.9","valley":"0.3",...},
 *         "seasons":[{"name","fromMonth":1,"toMonth":12,"weekday":[{"from":"00:00","band":"valley"},...],
 *                     "weekend":[...]}]}
 * block: {"id","currency","type":"block","tiers":[{"upToKwh":"50","price":"0.5"},...,{"price":"0.8"}]}
 * all:   optional "standingChargePerDay":"0.50", "activeFrom":"2026-12-01T00:00:00Z", "timeZone":"Asia/Shanghai"
 * </pre>
 */
public final class TariffCodec {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,6})?");
  private static final Pattern KWH = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})?");
  private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final Set<String> COMMON =
      Set.of("id", "currency", "type", "standingChargePerDay", "activeFrom", "timeZone");

  private TariffCodec() {}

  /** Parses a tariff; throws ValidationException with every field error found. */
  public static Tariff parse(JsonObject json) {
    Objects.requireNonNull(json, "json");
    FieldErrors errors = new FieldErrors();
    Tariff tariff = parse(json, errors);
    errors.throwIfAny();
    return tariff;
  }

  private static Tariff parse(JsonObject json, FieldErrors errors) {
    String id = string(json, "id", true, errors);
    if (id != null && !ID.matcher(id).matches()) {
      errors.add("id", "must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
    }
    String currency = currency(string(json, "currency", true, errors), "currency", errors);
    String type = string(json, "type", true, errors);
    BigDecimal standing = json.containsKey("standingChargePerDay")
        ? price(json.getValue("standingChargePerDay"), "standingChargePerDay", errors) : null;
    Instant activeFrom = Tariff.EPOCH;
    String from = string(json, "activeFrom", false, errors);
    if (from != null) {
      try {
        activeFrom = Instant.parse(from);
      } catch (DateTimeParseException e) {
        errors.add("activeFrom", "must be an ISO-8601 UTC time like 2026-12-04T19:30:00Z");
      }
    }
    ZoneId zone = ZoneOffset.UTC;
    String zoneName = string(json, "timeZone", false, errors);
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        errors.add("timeZone", "must be an IANA time zone like Asia/Shanghai");
      }
    }
    Pricing pricing = null;
    if (type != null) {
      switch (type) {
        case "flat" -> {
          allowOnly(json, Set.of("pricePerKwh"), errors);
          BigDecimal price = price(json.getValue("pricePerKwh"), "pricePerKwh", errors);
          pricing = price == null ? null : new Pricing.Flat(price);
        }
        case "tou" -> {
          allowOnly(json, Set.of("bands", "seasons"), errors);
          pricing = TouCodec.parse(json, errors);
        }
        case "block" -> {
          allowOnly(json, Set.of("tiers"), errors);
          pricing = block(json.getValue("tiers"), errors);
        }
        default -> errors.add("type", "must be flat, tou or block");
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new Tariff(id, currency, activeFrom, zone, standing, pricing);
  }

  private static Pricing.Block block(Object value, FieldErrors errors) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      errors.add("tiers", "must be a non-empty array");
      return null;
    }
    List<Pricing.Tier> tiers = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < array.size(); i++) {
      String path = "tiers[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject tier)) {
        errors.add(path, "must be an object");
        continue;
      }
      for (String name : tier.fieldNames()) {
        if (!name.equals("upToKwh") && !name.equals("price")) {
          errors.add(path + "." + name, "unknown field");
        }
      }
      BigDecimal price = price(tier.getValue("price"), path + ".price", errors);
      boolean last = i == array.size() - 1;
      Long upToWh = null;
      if (tier.containsKey("upToKwh")) {
        if (last) {
          errors.add(path + ".upToKwh", "the last tier is unbounded: leave upToKwh out");
        } else if (tier.getValue("upToKwh") instanceof String s && KWH.matcher(s).matches()) {
          upToWh = new BigDecimal(s).movePointRight(3).longValueExact();
          if (upToWh <= previous) {
            errors.add(path + ".upToKwh", "must be greater than the previous tier's bound");
          }
          previous = upToWh;
        } else {
          errors.add(path + ".upToKwh", "must be a decimal string of kWh with at most 3 decimals");
        }
      } else if (!last) {
        errors.add(path + ".upToKwh", "is required on every tier but the last");
      }
      tiers.add(new Pricing.Tier(upToWh, price));
    }
    return new Pricing.Block(tiers);
  }

  /** Canonical JSON of a tariff version (what the API returns and the store keeps). */
  public static JsonObject toJson(Tariff t) {
    JsonObject json = new JsonObject().put("id", t.id()).put("currency", t.currency()).put("type", t.type());
    if (t.pricing() instanceof Pricing.Flat flat) {
      json.put("pricePerKwh", flat.pricePerKwh().toPlainString());
    } else if (t.pricing() instanceof Pricing.Tou tou) {
      TouCodec.render(tou, json);
    } else if (t.pricing() instanceof Pricing.Block block) {
      JsonArray tiers = new JsonArray();
      for (Pricing.Tier tier : block.tiers()) {
        JsonObject o = new JsonObject();
        if (tier.upToWh() != null) {
          o.put("upToKwh", BigDecimal.valueOf(tier.upToWh(), 3).stripTrailingZeros().toPlainString());
        }
        tiers.add(o.put("price", tier.pricePerKwh().toPlainString()));
      }
      json.put("tiers", tiers);
    }
    if (t.standingChargePerDay() != null) {
      json.put("standingChargePerDay", t.standingChargePerDay().toPlainString());
    }
    json.put("activeFrom", t.activeFrom().toString());
    json.put("timeZone", t.zone().getId());
    return json;
  }

  static String string(JsonObject json, String field, boolean required, FieldErrors errors) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required || json.containsKey(field)) {
        errors.add(field, json.containsKey(field) ? "must be a string" : "is required");
      }
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    errors.add(field, "must be a string");
    return null;
  }

  /** A price: a decimal string, at least 0, at most 6 decimals. */
  static BigDecimal price(Object value, String path, FieldErrors errors) {
    if (value == null) {
      errors.add(path, "is required");
      return null;
    }
    if (!(value instanceof String s) || !DECIMAL.matcher(s).matches()) {
      errors.add(path, "must be a decimal string like \"0.5283\" with at most 6 decimals");
      return null;
    }
    return new BigDecimal(s);
  }

  /** An ISO 4217 code Java knows and that has minor units defined. */
  public static String currency(String code, String path, FieldErrors errors) {
    if (code == null) {
      return null;
    }
    try {
      if (code.matches("[A-Z]{3}") && Currency.getInstance(code).getDefaultFractionDigits() >= 0) {
        return code;
      }
    } catch (IllegalArgumentException unknown) {
      // reported below
    }
    errors.add(path, "must be an ISO 4217 currency code like CNY");
    return null;
  }

  static void allowOnly(JsonObject json, Set<String> specific, FieldErrors errors) {
    for (String name : json.fieldNames()) {
      if (!COMMON.contains(name) && !specific.contains(name)) {
        errors.add(name, "unknown field");
      }
    }
  }

  static LocalTime hhmm(Object value, String path, FieldErrors errors) {
    if (value instanceof String s && HHMM.matcher(s).matches()) {
      return LocalTime.parse(s);
    }
    errors.add(path, "must be a local time HH:MM");
    return null;
  }

  static Map<Band, BigDecimal> newBandMap() {
    return new EnumMap<>(Band.class);
  }
}
