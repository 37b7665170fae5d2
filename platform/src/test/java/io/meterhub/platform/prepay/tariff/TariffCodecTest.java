package io.meterhub.platform.prepay.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.common.FieldError;
import io.meterhub.platform.common.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TariffCodecTest {

  private static List<String> fields(Runnable parse) {
    try {
      parse.run();
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("expected a ValidationException");
  }

  @Test
  void fixedFlatFormRoundTrips() {
    JsonObject json = new JsonObject("{\"id\":\"flat-1\",\"currency\":\"CNY\",\"type\":\"flat\","
        + "\"pricePerKwh\":\"1.0000\"}");
    Tariff t = TariffCodec.parse(json);

    assertThat(t.pricing()).isEqualTo(new Pricing.Flat(new BigDecimal("1.0000")));
    assertThat(t.minorDigits()).isEqualTo(2);
    JsonObject out = TariffCodec.toJson(t);
    assertThat(out.getString("pricePerKwh")).isEqualTo("1.0000");
    assertThat(TariffCodec.parse(out)).isEqualTo(t);
  }

  @Test
  void invalidFlatTariffReportsEveryField() {
    assertThat(fields(() -> TariffCodec.parse(new JsonObject().put("id", "a b").put("currency", "cny")
        .put("type", "flat").put("pricePerKwh", 1.5).put("extra", true))))
        .containsExactlyInAnyOrder("id", "currency", "pricePerKwh", "extra");
    assertThat(fields(() -> TariffCodec.parse(new JsonObject().put("id", "x").put("currency", "CNY")
        .put("type", "flat").put("pricePerKwh", "0.1234567")))).containsExactly("pricePerKwh");
    assertThat(fields(() -> TariffCodec.parse(new JsonObject().put("id", "x").put("currency", "CNY")
        .put("type", "stepped")))).containsExactly("type");
  }

  @Test
  void touSeasonsMustCoverEveryMonthOnceAndSchedulesStartAtMidnight() {
    JsonArray day = new JsonArray().add(new JsonObject().put("from", "00:00").put("band", "peak"));
    JsonObject base = new JsonObject().put("id", "t").put("currency", "CNY").put("type", "tou")
        .put("bands", new JsonObject().put("peak", "1.0"));
    JsonObject gap = base.copy().put("seasons", new JsonArray().add(new JsonObject().put("name", "s")
        .put("fromMonth", 1).put("toMonth", 11).put("weekday", day).put("weekend", day)));
    assertThat(fields(() -> TariffCodec.parse(gap))).containsExactly("seasons");

    JsonArray late = new JsonArray().add(new JsonObject().put("from", "01:00").put("band", "valley"));
    JsonObject badSchedule = base.copy().put("seasons", new JsonArray().add(new JsonObject().put("name", "s")
        .put("fromMonth", 1).put("toMonth", 12).put("weekday", late).put("weekend", day)));
    assertThat(fields(() -> TariffCodec.parse(badSchedule)))
        .containsExactlyInAnyOrder("seasons[0].weekday[0].from", "seasons[0].weekday[0].band");
  }

  @Test
  void wrappingSeasonCoversTheNewYear() {
    Pricing.Season winter = new Pricing.Season("w", 11, 2, List.of(), List.of());
    assertThat(winter.covers(12)).isTrue();
    assertThat(winter.covers(1)).isTrue();
    assertThat(winter.covers(3)).isFalse();
    assertThat(winter.covers(10)).isFalse();
  }

  @Test
  void blockTiersMustIncreaseAndOnlyTheLastIsUnbounded() {
    JsonObject base = new JsonObject().put("id", "b").put("currency", "CNY").put("type", "block");
    assertThat(fields(() -> TariffCodec.parse(base.copy().put("tiers", new JsonArray()
        .add(new JsonObject().put("upToKwh", "50").put("price", "0.5"))
        .add(new JsonObject().put("upToKwh", "40").put("price", "0.6"))
        .add(new JsonObject().put("upToKwh", "90").put("price", "0.7"))))))
        .containsExactlyInAnyOrder("tiers[1].upToKwh", "tiers[2].upToKwh");
  }

  @Test
  void ratingIsExactInNanoMinorUnits() {
    assertThat(Rating.energy(2_500, new BigDecimal("1.0000"), 2)).isEqualTo(BigInteger.valueOf(250_000_000_000L));
    assertThat(Rating.energy(1, new BigDecimal("0.3333"), 2)).isEqualTo(BigInteger.valueOf(33_330_000));
    assertThat(Rating.energy(1, new BigDecimal("0.333333"), 0)).isEqualTo(BigInteger.valueOf(333_333));
    Pricing.Block block = new Pricing.Block(List.of(new Pricing.Tier(10_000L, BigDecimal.ONE),
        new Pricing.Tier(null, BigDecimal.TEN)));
    assertThat(Rating.block(block, 9_000, 2_000, 2)).isEqualTo(Rating.energy(1_000, BigDecimal.ONE, 2)
        .add(Rating.energy(1_000, BigDecimal.TEN, 2)));
  }

  @Test
  void unknownCurrencyAndCurrencyWithoutMinorUnitsAreRefused() {
    assertThatThrownBy(() -> TariffCodec.parse(new JsonObject().put("id", "x").put("currency", "XXX")
        .put("type", "flat").put("pricePerKwh", "1"))).isInstanceOf(ValidationException.class);
    Tariff jpy = TariffCodec.parse(new JsonObject().put("id", "x").put("currency", "JPY").put("type", "flat")
        .put("pricePerKwh", "25"));
    assertThat(jpy.minorDigits()).isZero();
  }
}
