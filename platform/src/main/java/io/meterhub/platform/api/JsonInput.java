package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of a JSON request object: types are checked exactly (a number is not a string), {@code null} is not
 * "absent", and unknown fields are rejected so that a typo never passes silently. Nothing is trimmed or coerced.
 * Errors are collected in {@link FieldErrors} and thrown together by the caller.
 */
final class JsonInput {

  private final JsonObject json;
  private final String prefix;
  private final FieldErrors errors;

  private JsonInput(JsonObject json, String prefix, FieldErrors errors) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** The request body as a JSON object; 400 when absent, malformed or not an object. */
  static JsonInput body(RoutingContext ctx, FieldErrors errors) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required");
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw ApiException.badRequest("Malformed JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.badRequest("The body must be a JSON object");
    }
    return new JsonInput(object, "", errors);
  }

  /** Reports every field not in {@code allowed}. */
  JsonInput allowOnly(Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        errors.add(path(name), "unknown field");
      }
    }
    return this;
  }

  boolean has(String field) {
    return json.containsKey(field);
  }

  /** A string field; null when absent (reported when required) or of another type (reported). */
  String string(String field, boolean required) {
    if (!json.containsKey(field)) {
      if (required) {
        errors.add(path(field), "is required");
      }
      return null;
    }
    Object value = json.getValue(field);
    if (value instanceof String s) {
      return s;
    }
    errors.add(path(field), "must be a string");
    return null;
  }

  /** A nested object field; null when absent (reported when required) or of another type (reported). */
  JsonInput object(String field, boolean required) {
    if (!json.containsKey(field)) {
      if (required) {
        errors.add(path(field), "is required");
      }
      return null;
    }
    Object value = json.getValue(field);
    if (value instanceof JsonObject o) {
      return new JsonInput(o, path(field) + ".", errors);
    }
    errors.add(path(field), "must be an object");
    return null;
  }

  /** An array of strings; null when absent (reported when required) or malformed (reported). */
  List<String> strings(String field, boolean required) {
    if (!json.containsKey(field)) {
      if (required) {
        errors.add(path(field), "is required");
      }
      return null;
    }
    Object value = json.getValue(field);
    if (!(value instanceof JsonArray array)) {
      errors.add(path(field), "must be an array of strings");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String s)) {
        errors.add(path(field) + "[" + i + "]", "must be a string");
        return null;
      }
      out.add(s);
    }
    return out;
  }

  private String path(String field) {
    return prefix + field;
  }
}
