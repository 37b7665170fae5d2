package io.meterhub.models;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;

/**
 * Lenient conversion of LwM2M resource values: meters and codecs deliver the same value as Double, Long, ULong or
 * String (10243/4 is a String by the registry), so every getter accepts what makes sense and returns null otherwise.
 */
final class NodeValues {

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
  /** Beyond this energy (kWh) a register value is garbage, and the Wh conversion would overflow anyway. */
  private static final double MAX_KWH = 1e12;

  private NodeValues() {}

  /**
   * Resource id to value of the single-instance resources of one object instance named by the path: the instance
   * itself, the lowest-numbered instance (preferring 0) of an object node, or one resource.
   */
  static Map<Integer, Object> resourceValues(LwM2mPath path, LwM2mNode node) {
    if (path.isObject() && node instanceof LwM2mObject object) {
      LwM2mObjectInstance instance = object.getInstance(0);
      if (instance == null) {
        instance = object.getInstances().entrySet().stream()
            .min(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(null);
      }
      return instance == null ? Map.of() : instanceValues(instance);
    }
    if (path.isObjectInstance() && node instanceof LwM2mObjectInstance instance) {
      return instanceValues(instance);
    }
    if (path.isResource() && node instanceof LwM2mSingleResource resource && resource.getValue() != null) {
      return Map.of(path.getResourceId(), resource.getValue());
    }
    return Map.of();
  }

  static Map<Integer, Object> instanceValues(LwM2mObjectInstance instance) {
    Map<Integer, Object> values = new HashMap<>();
    for (LwM2mResource resource : instance.getResources().values()) {
      if (!resource.isMultiInstances() && resource.getValue() != null) {
        values.put(resource.getId(), resource.getValue());
      }
    }
    return Collections.unmodifiableMap(values);
  }

  static Double toDouble(Object value) {
    if (value instanceof Number number) {
      double d = number.doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof String text) {
      String trimmed = text.strip();
      if (!DECIMAL.matcher(trimmed).matches()) {
        return null;
      }
      double d = Double.parseDouble(trimmed);
      return Double.isFinite(d) ? d : null;
    }
    return null;
  }

  static Long toLong(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    Double d = toDouble(value instanceof Number || value instanceof String ? value : null);
    if (d == null || d != Math.rint(d) || Math.abs(d) > 9.0e15) {
      return null;
    }
    return d.longValue();
  }

  static Boolean toBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
      return n.longValue() == 1;
    }
    if (value instanceof String s) {
      switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "true", "1":
          return true;
        case "false", "0":
          return false;
        default:
          return null;
      }
    }
    return null;
  }

  static Instant toInstant(Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    Long seconds = toLong(value);
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  /** kWh to Wh, rounded half-up; null for absent, unparseable or absurd values. */
  static Long kwhToWh(Object value) {
    Double kwh = toDouble(value);
    if (kwh == null || Math.abs(kwh) > MAX_KWH) {
      return null;
    }
    return BigDecimal.valueOf(kwh).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }
}
