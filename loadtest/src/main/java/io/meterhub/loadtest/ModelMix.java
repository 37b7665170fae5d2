package io.meterhub.loadtest;

import io.meterhub.models.ProductProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Share of each meter model in the fleet, e.g. {@code KPM31=70,KPM33=30}; weights need not add up to 100. */
public record ModelMix(Map<String, Integer> weights) {

  public ModelMix {
    Objects.requireNonNull(weights, "weights");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("the mix names no model");
    }
    weights.forEach(
        (model, weight) -> {
          if (ProductProfiles.find(model).isEmpty()) {
            throw new IllegalArgumentException("unknown model " + model);
          }
          if (weight < 0) {
            throw new IllegalArgumentException("negative weight for " + model);
          }
        });
    if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
      throw new IllegalArgumentException("all weights are zero");
    }
    weights = Map.copyOf(new LinkedHashMap<>(weights));
  }

  /** Parses {@code KPM31=70,KPM33=30}. */
  public static ModelMix parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected MODEL=WEIGHT, got '" + part + "'");
      }
      weights.put(kv[0].trim().toUpperCase(java.util.Locale.ROOT), Integer.parseInt(kv[1].trim()));
    }
    return new ModelMix(weights);
  }

  /** The model of meter {@code index}: a deterministic draw weighted by the mix. */
  public String modelOf(int index, long runSeed) {
    List<String> models = new ArrayList<>(weights.keySet());
    models.sort(String::compareTo);
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    long pick = Math.floorMod(LoadProfile.mix(runSeed ^ 0xA5A5L, index), (long) total);
    for (String model : models) {
      pick -= weights.get(model);
      if (pick < 0) {
        return model;
      }
    }
    return models.get(models.size() - 1);
  }
}
