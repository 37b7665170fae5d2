package io.meterhub.platform.analytics;

import io.meterhub.platform.analytics.EnergyReport.Comparison;
import io.meterhub.platform.analytics.EnergyReport.RegionalComparison;
import io.meterhub.platform.analytics.EnergyReport.Tip;
import io.meterhub.platform.prepay.tariff.Band;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Simple, explainable saving tips from a month's numbers (no model, only thresholds). */
final class SavingTips {

  static final double PEAK_SHARE = 0.40;
  static final double STANDBY_W = 50;
  static final double ABOVE_PERCENT = 20;

  private SavingTips() {}

  static List<Tip> of(long energyWh, Map<Band, Long> bands, Double baseLoadW, Comparison previous,
      List<RegionalComparison> regional) {
    List<Tip> tips = new ArrayList<>();
    if (bands != null) {
      long banded = bands.values().stream().mapToLong(Long::longValue).sum();
      long high = bands.getOrDefault(Band.SHARP, 0L) + bands.getOrDefault(Band.PEAK, 0L);
      if (banded > 0 && (double) high / banded >= PEAK_SHARE) {
        tips.add(new Tip("peak_share", String.format(Locale.ROOT, "%.0f %% of your energy was used in peak and "
            + "sharp hours. Running flexible loads (laundry, dishwasher, water heating, EV charging) in valley hours "
            + "lowers the cost.", 100.0 * high / banded)));
      }
    }
    if (baseLoadW != null && baseLoadW >= STANDBY_W) {
      tips.add(new Tip("standby", String.format(Locale.ROOT, "At night your use never fell below about %.0f W, "
          + "about %.0f kWh a month of standby and always-on load. Switching idle devices off at the socket "
          + "saves part of it.", baseLoadW, baseLoadW * 24 * 30 / 1000)));
    }
    if (previous != null && previous.changePercent() != null && previous.changePercent() >= ABOVE_PERCENT) {
      tips.add(new Tip("increase", String.format(Locale.ROOT, "You used %.0f %% more energy than in %s.",
          previous.changePercent(), previous.month())));
    }
    for (RegionalComparison r : regional) {
      if (r.available() && r.differencePercent() != null && r.differencePercent() >= ABOVE_PERCENT) {
        tips.add(new Tip("above_region", String.format(Locale.ROOT, "You used %.0f %% more than the average "
            + "meter in %s.", r.differencePercent(), r.region())));
      }
    }
    if (tips.isEmpty() && energyWh > 0) {
      tips.add(new Tip("on_track", "No unusual pattern this month: keep it up."));
    }
    return tips;
  }
}
