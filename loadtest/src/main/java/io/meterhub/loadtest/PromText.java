package io.meterhub.loadtest;

import java.util.Map;
import java.util.Objects;

/** Reads values out of Prometheus text exposition (the platform's {@code /metrics}). */
public final class PromText {

  private final String text;

  public PromText(String text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  /**
   * The sum of every sample of metric {@code name} whose labels include all of {@code labels}; -1 when there is none.
   */
  public double sum(String name, Map<String, String> labels) {
    double total = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String metric = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      if (!metric.equals(name)) {
        continue;
      }
      String labelText = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
      boolean matches = labels.entrySet().stream()
          .allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (matches) {
        try {
          total += Double.parseDouble(line.substring(space + 1).trim());
          found = true;
        } catch (NumberFormatException e) {
          // NaN or a timestamped sample: not summable, skip it.
        }
      }
    }
    return found ? total : -1;
  }

  public double sum(String name) {
    return sum(name, Map.of());
  }
}
