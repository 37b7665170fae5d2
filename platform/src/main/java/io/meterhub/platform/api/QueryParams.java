package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Strict parsing of query parameters; problems are collected as field errors named after the parameter. */
final class QueryParams {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_TEXT = 512;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private final RoutingContext ctx;
  private final FieldErrors errors;

  QueryParams(RoutingContext ctx, FieldErrors errors) {
    this.ctx = ctx;
    this.errors = errors;
  }

  /** The single value of a parameter, null when absent; repeating it is an error. */
  String text(String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      errors.add(name, "must be given at most once");
      return null;
    }
    String value = values.get(0);
    if (value.length() > MAX_TEXT) {
      errors.add(name, "is too long");
      return null;
    }
    return value;
  }

  int limit() {
    String value = text("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    if (!DIGITS.matcher(value).matches()) {
      errors.add("limit", "must be an integer from 1 to " + MAX_LIMIT);
      return DEFAULT_LIMIT;
    }
    int limit = Integer.parseInt(value);
    if (limit < 1 || limit > MAX_LIMIT) {
      errors.add("limit", "must be an integer from 1 to " + MAX_LIMIT);
      return DEFAULT_LIMIT;
    }
    return limit;
  }

  Instant instant(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(name, "must be an ISO-8601 UTC time like 2026-12-04T19:30:00Z");
      return null;
    }
  }

  Boolean bool(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    errors.add(name, "must be true or false");
    return null;
  }

  /**
   * A parameter restricted to named values, converted by {@code convert} from the upper-cased name; null when absent
   * or not one of {@code allowed} (then an error is recorded).
   */
  <T> T oneOf(String name, List<String> allowed, java.util.function.Function<String, T> convert) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    if (!allowed.contains(value)) {
      errors.add(name, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return convert.apply(value.toUpperCase(java.util.Locale.ROOT));
  }

  /** {@code from} must come before {@code to} when both are given. */
  void range(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add("to", "must be after from");
    }
  }
}
