package io.meterhub.platform.analytics;

import io.meterhub.platform.common.ValidationException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How meters are grouped: {@code region} = by full region path, {@code region:N} = by the first N path segments
 * ({@code region:1} groups {@code north/feeder-07} under {@code north}).
 *
 * @param depth segments kept, 0 = the full path
 */
public record GroupBy(int depth) {

  private static final Pattern FORM = Pattern.compile("region(?::([1-9][0-9]?))?");

  public static final GroupBy REGION = new GroupBy(0);

  public GroupBy {
    if (depth < 0) {
      throw new IllegalArgumentException("depth must not be negative");
    }
  }

  /** Parses {@code region} or {@code region:N} (N 1–99); null means {@code region}. */
  public static GroupBy parse(String text) {
    if (text == null) {
      return REGION;
    }
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw ValidationException.of("groupBy", "must be region or region:N (N = path segments kept, 1-99)");
    }
    return m.group(1) == null ? REGION : new GroupBy(Integer.parseInt(m.group(1)));
  }

  /** The group of a meter in {@code region}. */
  public String key(String region) {
    Objects.requireNonNull(region, "region");
    if (depth == 0) {
      return region;
    }
    int at = -1;
    for (int i = 0; i < depth; i++) {
      at = region.indexOf('/', at + 1);
      if (at < 0) {
        return region;
      }
    }
    return region.substring(0, at);
  }

  @Override
  public String toString() {
    return depth == 0 ? "region" : "region:" + depth;
  }
}
