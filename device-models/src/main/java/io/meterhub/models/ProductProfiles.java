package io.meterhub.models;

import static io.meterhub.models.MeterObjectModels.METER_EVENTS;
import static io.meterhub.models.MeterObjectModels.POWER_CONTROL;
import static io.meterhub.models.MeterObjectModels.PREPAYMENT_DISPLAY;
import static io.meterhub.models.MeterObjectModels.SINGLE_PHASE_METER;
import static io.meterhub.models.MeterObjectModels.TARIFF_REGISTERS;
import static io.meterhub.models.MeterObjectModels.THREE_PHASE_METER;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The meter models meterhub knows (device-contract.md, "Product profiles"). */
public final class ProductProfiles {

  private static final int DEVICE = 3;
  private static final int CONNECTIVITY = 4;
  private static final int FIRMWARE = 5;

  private static final ProductProfile KPM31 =
      new ProductProfile(
          "KPM31",
          "Single-phase DIN-rail prepaid 4G meter",
          1,
          Set.of(DEVICE, CONNECTIVITY, FIRMWARE, SINGLE_PHASE_METER, POWER_CONTROL, TARIFF_REGISTERS,
              PREPAYMENT_DISPLAY, METER_EVENTS),
          commonObservations(SINGLE_PHASE_METER),
          EnumSet.complementOf(
              EnumSet.of(EventCode.VOLTAGE_LOSS_L2, EventCode.VOLTAGE_LOSS_L3, EventCode.UNKNOWN)));

  private static final ProductProfile KPM33 =
      new ProductProfile(
          "KPM33",
          "Three-phase DIN-rail prepaid 4G meter",
          3,
          threePhaseObjects(),
          commonObservations(THREE_PHASE_METER),
          EnumSet.complementOf(EnumSet.of(EventCode.UNKNOWN)));

  private static final ProductProfile KPM37 =
      new ProductProfile(
          "KPM37",
          "Three-phase 4G/WiFi meter",
          3,
          threePhaseObjects(),
          concat(
              commonObservations(THREE_PHASE_METER),
              // The meter switches between 4G and WiFi: operators need to see which bearer and how good it is.
              new ObservedPath("/4/0", 300, 3600)),
          EnumSet.complementOf(EnumSet.of(EventCode.UNKNOWN)));

  private static final List<ProductProfile> ALL = List.of(KPM31, KPM33, KPM37);

  private ProductProfiles() {}

  /** The profile of a model name as reported in 3/0/1, ignoring case and surrounding blanks. */
  public static Optional<ProductProfile> find(String model) {
    Objects.requireNonNull(model, "model");
    String wanted = model.strip().toUpperCase(Locale.ROOT);
    return ALL.stream().filter(p -> p.model().equals(wanted)).findFirst();
  }

  /** Every known profile. */
  public static List<ProductProfile> all() {
    return ALL;
  }

  private static Set<Integer> threePhaseObjects() {
    return Set.of(DEVICE, CONNECTIVITY, FIRMWARE, THREE_PHASE_METER, POWER_CONTROL, TARIFF_REGISTERS,
        PREPAYMENT_DISPLAY, METER_EVENTS);
  }

  private static List<ObservedPath> commonObservations(int meterObject) {
    return List.of(
        new ObservedPath("/" + meterObject + "/0", 15, 60),
        new ObservedPath("/" + POWER_CONTROL + "/0/5850", 0, 300),
        new ObservedPath("/" + TARIFF_REGISTERS + "/0", 60, 900),
        // LwM2M 1.0 meters cannot Send: they notify new event instances through this observation.
        new ObservedPath("/" + METER_EVENTS, 0, 0));
  }

  private static List<ObservedPath> concat(List<ObservedPath> base, ObservedPath extra) {
    return Stream.concat(base.stream(), Stream.of(extra)).toList();
  }
}
