package io.meterhub.platform.prepay.tariff;

import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON of time-of-use pricing: bands with prices and seasons with weekday/weekend schedules. */
final class TouCodec {

  private static final Set<String> SEASON_FIELDS = Set.of("name", "fromMonth", "toMonth", "weekday", "weekend");

  private TouCodec() {}

  static Pricing.Tou parse(JsonObject json, FieldErrors errors) {
    Map<Band, BigDecimal> prices = TariffCodec.newBandMap();
    if (!(json.getValue("bands") instanceof JsonObject bands) || bands.isEmpty()) {
      errors.add("bands", "must be an object of band prices (sharp, peak, flat, valley)");
    } else {
      for (String name : bands.fieldNames()) {
        Band band = Band.fromApiName(name).orElse(null);
        if (band == null) {
          errors.add("bands." + name, "unknown band: use sharp, peak, flat or valley");
          continue;
        }
        BigDecimal price = TariffCodec.price(bands.getValue(name), "bands." + name, errors);
        if (price != null) {
          prices.put(band, price);
        }
      }
    }
    List<Pricing.Season> seasons = new ArrayList<>();
    int[] covered = new int[13];
    if (!(json.getValue("seasons") instanceof JsonArray array) || array.isEmpty()) {
      errors.add("seasons", "must be a non-empty array");
    } else {
      for (int i = 0; i < array.size(); i++) {
        String path = "seasons[" + i + "]";
        if (!(array.getValue(i) instanceof JsonObject s)) {
          errors.add(path, "must be an object");
          continue;
        }
        Pricing.Season season = season(s, path, prices, errors);
        if (season != null) {
          seasons.add(season);
          for (int m = 1; m <= 12; m++) {
            if (season.covers(m)) {
              covered[m]++;
            }
          }
        }
      }
      for (int m = 1; m <= 12; m++) {
        if (covered[m] != 1 && !seasons.isEmpty()) {
          errors.add("seasons", "every month must be covered by exactly one season (month " + m + " is covered "
              + covered[m] + " times)");
          break;
        }
      }
    }
    return new Pricing.Tou(prices, seasons);
  }

  private static Pricing.Season season(JsonObject s, String path, Map<Band, BigDecimal> prices, FieldErrors errors) {
    for (String name : s.fieldNames()) {
      if (!SEASON_FIELDS.contains(name)) {
        errors.add(path + "." + name, "unknown field");
      }
    }
    String name = s.getValue("name") instanceof String n ? n : null;
    if (name == null) {
      errors.add(path + ".name", "must be a string");
    }
    int from = month(s.getValue("fromMonth"), path + ".fromMonth", errors);
    int to = month(s.getValue("toMonth"), path + ".toMonth", errors);
    List<Pricing.Switch> weekday = schedule(s.getValue("weekday"), path + ".weekday", prices, errors);
    List<Pricing.Switch> weekend = schedule(s.getValue("weekend"), path + ".weekend", prices, errors);
    if (name == null || from < 0 || to < 0 || weekday == null || weekend == null) {
      return null;
    }
    return new Pricing.Season(name, from, to, weekday, weekend);
  }

  private static int month(Object value, String path, FieldErrors errors) {
    if (value instanceof Integer m && m >= 1 && m <= 12) {
      return m;
    }
    errors.add(path, "must be a month number 1-12");
    return -1;
  }

  private static List<Pricing.Switch> schedule(
      Object value, String path, Map<Band, BigDecimal> prices, FieldErrors errors) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      errors.add(path, "must be a non-empty array of {\"from\":\"HH:MM\",\"band\"} starting at 00:00");
      return null;
    }
    List<Pricing.Switch> out = new ArrayList<>();
    LocalTime previous = null;
    int before = errors.size();
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        errors.add(at, "must be an object");
        continue;
      }
      LocalTime from = TariffCodec.hhmm(entry.getValue("from"), at + ".from", errors);
      Band band = entry.getValue("band") instanceof String b ? Band.fromApiName(b).orElse(null) : null;
      if (band == null) {
        errors.add(at + ".band", "must be sharp, peak, flat or valley");
      } else if (!prices.containsKey(band)) {
        errors.add(at + ".band", "has no price in bands");
      }
      if (from != null) {
        if (i == 0 && !from.equals(LocalTime.MIDNIGHT)) {
          errors.add(at + ".from", "the first entry must start at 00:00");
        }
        if (previous != null && !from.isAfter(previous)) {
          errors.add(at + ".from", "must be later than the previous entry");
        }
        previous = from;
      }
      out.add(new Pricing.Switch(from, band));
    }
    return errors.size() == before ? out : null;
  }

  static void render(Pricing.Tou tou, JsonObject json) {
    JsonObject bands = new JsonObject();
    for (Band band : Band.values()) {
      if (tou.prices().containsKey(band)) {
        bands.put(band.apiName(), tou.prices().get(band).toPlainString());
      }
    }
    JsonArray seasons = new JsonArray();
    for (Pricing.Season s : tou.seasons()) {
      seasons.add(new JsonObject().put("name", s.name()).put("fromMonth", s.fromMonth()).put("toMonth", s.toMonth())
          .put("weekday", schedule(s.weekday())).put("weekend", schedule(s.weekend())));
    }
    json.put("bands", bands).put("seasons", seasons);
  }

  private static JsonArray schedule(List<Pricing.Switch> switches) {
    JsonArray out = new JsonArray();
    switches.forEach(s -> out.add(new JsonObject().put("from", s.from().toString()).put("band", s.band().apiName())));
    return out;
  }
}
