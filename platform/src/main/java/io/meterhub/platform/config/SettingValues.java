package io.meterhub.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The configuration values of one node, layered as defaults &lt; the properties file {@code METERHUB_CONFIG_FILE}
 * names &lt; {@code METERHUB_*} environment variables, with typed reads whose errors name the key. Every feature's
 * settings read through this one place, so the layering is the same for all of them.
 */
public final class SettingValues {

  private final Map<String, String> values;

  private SettingValues(Map<String, String> values) {
    this.values = values;
  }

  /** The process environment (and the file it names). */
  public static SettingValues fromEnvironment() {
    return of(System.getenv());
  }

  /** The given environment (and the file it names); defaults fill the rest. */
  public static SettingValues of(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, String> values = new HashMap<>();
    String file = environment.getOrDefault(Settings.CONFIG_FILE.env(), "");
    if (!file.isBlank()) {
      values.putAll(readProperties(Path.of(file)));
    }
    environment.forEach((key, value) -> {
      if (key.startsWith("METERHUB_") && value != null) {
        values.put(key, value);
      }
    });
    return new SettingValues(values);
  }

  /** The value, trimmed, or the setting's default. */
  public String text(Setting setting) {
    String value = values.get(setting.env());
    return value == null ? setting.defaultValue() : value.trim();
  }

  /** The value, or empty when it is blank. */
  public Optional<String> optional(Setting setting) {
    String value = text(setting);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** A comma-separated list, blanks dropped. */
  public List<String> list(Setting setting) {
    return optional(setting)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** A file path, or empty when the value is blank. */
  public Optional<Path> path(Setting setting) {
    return optional(setting).map(Path::of);
  }

  public boolean bool(Setting setting) {
    String value = text(setting).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(setting.env() + " must be true or false, got '" + value + "'");
    }
    return value.equals("true");
  }

  public int intIn(Setting setting, int min, int max) {
    return (int) longIn(setting, min, max);
  }

  public long longIn(Setting setting, long min, long max) {
    String value = text(setting);
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting.env() + " must be a whole number, got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(setting.env() + " must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(Settings.CONFIG_FILE.env() + ": cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
    return values;
  }
}
