package io.meterhub.platform.prepay;

import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JSON of a credit policy. Absent fields take the deployment default. Example:
 *
 * <pre>
 * {"lowCreditThreshold": 1000, "emergencyCredit": 500, "reconnectThreshold": 0,
 *  "friendlyPeriods": [{"days": ["fri"], "from": "19:30", "to": "00:00"}, {"days": ["sat", "sun"], "from": "00:00",
 *  "to": "00:00"}], "specialDays": ["2026-12-25"], "timeZone": "Asia/Shanghai",
 *  "debtRecoveryPercent": 10, "debtRecoveryCap": 500, "debtRecoveryPeriodDays": 7, "protected": false}
 * </pre>
 *
 * A period with {@code from} equal to {@code to} lasts 24 hours ("00:00" to "00:00" = the whole listed days).
 */
public final class PolicyCodec {

  private static final Set<String> FIELDS = Set.of("lowCreditThreshold", "emergencyCredit", "reconnectThreshold",
      "friendlyPeriods", "specialDays", "timeZone", "debtRecoveryPercent", "debtRecoveryCap",
      "debtRecoveryPeriodDays", "protected");
  private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final long MAX_MINOR = 1_000_000_000_000L;
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private PolicyCodec() {}

  /** Parses a policy over {@code defaults}; errors are added with {@code prefix} (e.g. "policy."). */
  public static CreditPolicy parse(JsonObject json, CreditPolicy defaults, String prefix, FieldErrors errors) {
    if (json == null) {
      return defaults;
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        errors.add(prefix + name, "unknown field");
      }
    }
    long low = minor(json, "lowCreditThreshold", defaults.lowCreditThreshold(), prefix, errors);
    long emergency = minor(json, "emergencyCredit", defaults.emergencyCredit(), prefix, errors);
    long reconnect = minor(json, "reconnectThreshold", defaults.reconnectThreshold(), prefix, errors);
    Long cap = !json.containsKey("debtRecoveryCap") ? defaults.debtRecoveryCap()
        : json.getValue("debtRecoveryCap") == null ? null : minor(json, "debtRecoveryCap", 0, prefix, errors);
    long percent = minor(json, "debtRecoveryPercent", defaults.debtRecoveryPercent(), prefix, errors);
    if (percent > 100) {
      errors.add(prefix + "debtRecoveryPercent", "must be an integer from 0 to 100");
    }
    long periodDays = minor(json, "debtRecoveryPeriodDays", defaults.debtRecoveryPeriodDays(), prefix, errors);
    if (periodDays < 1 || periodDays > 366) {
      errors.add(prefix + "debtRecoveryPeriodDays", "must be an integer from 1 to 366");
    }
    boolean isProtected = defaults.protectedCustomer();
    if (json.containsKey("protected")) {
      if (json.getValue("protected") instanceof Boolean b) {
        isProtected = b;
      } else {
        errors.add(prefix + "protected", "must be true or false");
      }
    }
    ZoneId zone = defaults.zone();
    if (json.containsKey("timeZone")) {
      try {
        zone = ZoneId.of((String) json.getValue("timeZone"));
      } catch (DateTimeException | ClassCastException | NullPointerException e) {
        errors.add(prefix + "timeZone", "must be an IANA time zone like Asia/Shanghai");
      }
    }
    List<FriendlyPeriod> periods = json.containsKey("friendlyPeriods")
        ? periods(json.getValue("friendlyPeriods"), prefix + "friendlyPeriods", errors) : defaults.friendlyPeriods();
    Set<LocalDate> special = json.containsKey("specialDays")
        ? specialDays(json.getValue("specialDays"), prefix + "specialDays", errors) : defaults.specialDays();
    if (!errors.isEmpty()) {
      return defaults;
    }
    return new CreditPolicy(low, emergency, reconnect, periods, special, zone, (int) percent, cap, (int) periodDays,
        isProtected);
  }

  private static long minor(JsonObject json, String field, long fallback, String prefix, FieldErrors errors) {
    if (!json.containsKey(field)) {
      return fallback;
    }
    Object value = json.getValue(field);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() <= MAX_MINOR) {
      return ((Number) value).longValue();
    }
    errors.add(prefix + field, "must be a non-negative integer");
    return fallback;
  }

  private static List<FriendlyPeriod> periods(Object value, String path, FieldErrors errors) {
    List<FriendlyPeriod> out = new ArrayList<>();
    if (!(value instanceof JsonArray array)) {
      errors.add(path, "must be an array of {\"days\",\"from\",\"to\"}");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject p)) {
        errors.add(at, "must be an object");
        continue;
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      if (p.getValue("days") instanceof JsonArray list && !list.isEmpty()) {
        for (Object day : list) {
          int index = day instanceof String s ? DAYS.indexOf(s.toLowerCase(Locale.ROOT)) : -1;
          if (index < 0) {
            errors.add(at + ".days", "must hold mon, tue, wed, thu, fri, sat or sun");
          } else {
            days.add(DayOfWeek.of(index + 1));
          }
        }
      } else {
        errors.add(at + ".days", "must be a non-empty array of week days");
      }
      LocalTime from = time(p.getValue("from"), at + ".from", errors);
      LocalTime to = time(p.getValue("to"), at + ".to", errors);
      if (from != null && to != null && !days.isEmpty()) {
        out.add(new FriendlyPeriod(days, from, to));
      }
    }
    return out;
  }

  private static LocalTime time(Object value, String path, FieldErrors errors) {
    if (value instanceof String s && HHMM.matcher(s).matches()) {
      return LocalTime.parse(s);
    }
    errors.add(path, "must be a local time HH:MM");
    return null;
  }

  private static Set<LocalDate> specialDays(Object value, String path, FieldErrors errors) {
    Set<LocalDate> out = new HashSet<>();
    if (!(value instanceof JsonArray array)) {
      errors.add(path, "must be an array of dates like 2026-12-25");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      try {
        out.add(LocalDate.parse((String) array.getValue(i)));
      } catch (DateTimeParseException | ClassCastException | NullPointerException e) {
        errors.add(path + "[" + i + "]", "must be a date like 2026-12-25");
      }
    }
    return out;
  }

  public static JsonObject toJson(CreditPolicy p) {
    JsonArray periods = new JsonArray();
    for (FriendlyPeriod f : p.friendlyPeriods()) {
      JsonArray days = new JsonArray();
      f.days().stream().sorted().forEach(d -> days.add(DAYS.get(d.getValue() - 1)));
      periods.add(new JsonObject().put("days", days).put("from", f.from().toString()).put("to", f.to().toString()));
    }
    JsonArray special = new JsonArray();
    p.specialDays().stream().sorted().forEach(d -> special.add(d.toString()));
    return new JsonObject()
        .put("lowCreditThreshold", p.lowCreditThreshold())
        .put("emergencyCredit", p.emergencyCredit())
        .put("reconnectThreshold", p.reconnectThreshold())
        .put("friendlyPeriods", periods)
        .put("specialDays", special)
        .put("timeZone", p.zone().getId())
        .put("debtRecoveryPercent", p.debtRecoveryPercent())
        .put("debtRecoveryCap", p.debtRecoveryCap())
        .put("debtRecoveryPeriodDays", p.debtRecoveryPeriodDays())
        .put("protected", p.protectedCustomer());
  }
}
