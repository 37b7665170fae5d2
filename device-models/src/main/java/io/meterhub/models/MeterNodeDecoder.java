package io.meterhub.models;

import static io.meterhub.models.MeterObjectModels.METER_EVENTS;
import static io.meterhub.models.MeterObjectModels.POWER_CONTROL;
import static io.meterhub.models.MeterObjectModels.SINGLE_PHASE_METER;
import static io.meterhub.models.MeterObjectModels.TARIFF_REGISTERS;
import static io.meterhub.models.MeterObjectModels.THREE_PHASE_METER;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns LwM2M nodes a meter returned (Read, Observe notification, Send) into meterhub domain values. Never throws on
 * what a meter sent: values that cannot be understood are skipped.
 */
public final class MeterNodeDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(MeterNodeDecoder.class);
  private static final int ON_OFF = 5850;

  private MeterNodeDecoder() {}

  /**
   * Decodes measurement values from a node read/observed/sent at path (object, instance or single resource of 10243,
   * 10242 or 26241); empty when the path carries no measurement. Unparseable values (e.g. 10243/4 "abc") are skipped,
   * never thrown. Energy kWh -> Wh long (rounded half-up). For an object node the instance 0 (else the lowest) is used.
   */
  public static Optional<MeterReading> reading(LwM2mPath path, LwM2mNode node, Instant timestamp) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(timestamp, "timestamp");
    Integer objectId = path.getObjectId();
    if (objectId == null
        || (objectId != SINGLE_PHASE_METER && objectId != THREE_PHASE_METER && objectId != TARIFF_REGISTERS)) {
      return Optional.empty();
    }
    Map<Integer, Object> values = NodeValues.resourceValues(path, node);
    MeterReading reading =
        switch (objectId) {
          case SINGLE_PHASE_METER -> MeterReadings.singlePhase(values, timestamp);
          case THREE_PHASE_METER -> MeterReadings.threePhase(values, timestamp);
          default -> MeterReadings.tariff(values, timestamp);
        };
    return reading.isEmpty() ? Optional.empty() : Optional.of(reading);
  }

  /**
   * Decodes the measurement values of several nodes reported together (a Send or composite read/observe) into one
   * reading; later paths (in path order) win on conflicts. Empty when none carries a measurement.
   */
  public static Optional<MeterReading> reading(Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(timestamp, "timestamp");
    MeterReading merged = MeterReading.empty(timestamp);
    for (Map.Entry<LwM2mPath, LwM2mNode> entry : new TreeMap<>(nodes).entrySet()) {
      if (entry.getValue() != null) {
        Optional<MeterReading> part = reading(entry.getKey(), entry.getValue(), timestamp);
        if (part.isPresent()) {
          merged = merged.merge(part.get());
        }
      }
    }
    return merged.isEmpty() ? Optional.empty() : Optional.of(merged);
  }

  /** Relay state from 3312/0 instance or 3312/0/5850 resource; empty otherwise. */
  public static Optional<RelayState> relay(LwM2mPath path, LwM2mNode node) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(node, "node");
    if (!Objects.equals(path.getObjectId(), POWER_CONTROL) || !Objects.equals(path.getObjectInstanceId(), 0)) {
      return Optional.empty();
    }
    Object value = null;
    if (path.isObjectInstance() && node instanceof LwM2mObjectInstance instance) {
      value = NodeValues.instanceValues(instance).get(ON_OFF);
    } else if (path.isResource() && path.getResourceId() == ON_OFF && node instanceof LwM2mSingleResource resource) {
      value = resource.getValue();
    }
    Boolean on = NodeValues.toBoolean(value);
    if (value != null && on == null) {
      LOG.debug("Skipping unreadable relay value at {}", path);
    }
    return Optional.ofNullable(on).map(RelayState::fromOnOff);
  }

  /**
   * Meter events from 26243 nodes (object or instance); empty list otherwise. A lone resource is not an event: use
   * {@link #events(Map)} for the resource-level nodes of a Send. Records without code, time or sequence number are
   * skipped. Sorted by sequence number.
   */
  public static List<MeterEventRecord> events(LwM2mPath path, LwM2mNode node) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(node, "node");
    if (!Objects.equals(path.getObjectId(), METER_EVENTS)) {
      return List.of();
    }
    List<MeterEventRecord> events = new ArrayList<>();
    if (path.isObject() && node instanceof LwM2mObject object) {
      for (LwM2mObjectInstance instance : object.getInstances().values()) {
        event(path.append(instance.getId()), NodeValues.instanceValues(instance)).ifPresent(events::add);
      }
    } else if (path.isObjectInstance() && node instanceof LwM2mObjectInstance instance) {
      event(path, NodeValues.instanceValues(instance)).ifPresent(events::add);
    }
    events.sort(Comparator.comparingLong(MeterEventRecord::sequence));
    return List.copyOf(events);
  }

  /**
   * Meter events from several 26243 nodes reported together, e.g. a Send of {@code /26243/7/0}, {@code /26243/7/1} ...:
   * object and instance nodes as in {@link #events(LwM2mPath, LwM2mNode)}, resource nodes grouped by instance. Sorted
   * by sequence number.
   */
  public static List<MeterEventRecord> events(Map<LwM2mPath, LwM2mNode> nodes) {
    Objects.requireNonNull(nodes, "nodes");
    List<MeterEventRecord> events = new ArrayList<>();
    Map<Integer, Map<Integer, Object>> resourcesByInstance = new TreeMap<>();
    for (Map.Entry<LwM2mPath, LwM2mNode> entry : nodes.entrySet()) {
      LwM2mPath path = entry.getKey();
      if (path.isResource() && Objects.equals(path.getObjectId(), METER_EVENTS)) {
        resourcesByInstance
            .computeIfAbsent(path.getObjectInstanceId(), id -> new TreeMap<>())
            .putAll(NodeValues.resourceValues(path, entry.getValue()));
      } else if (entry.getValue() != null) {
        events.addAll(events(path, entry.getValue()));
      }
    }
    resourcesByInstance.forEach(
        (instanceId, values) -> event(new LwM2mPath(METER_EVENTS, instanceId), values).ifPresent(events::add));
    events.sort(Comparator.comparingLong(MeterEventRecord::sequence));
    return List.copyOf(events);
  }

  private static Optional<MeterEventRecord> event(LwM2mPath path, Map<Integer, Object> values) {
    Long code = NodeValues.toLong(values.get(0));
    Instant occurredAt = NodeValues.toInstant(values.get(1));
    Long sequence = NodeValues.toLong(values.get(2));
    if (code == null || code < Integer.MIN_VALUE || code > Integer.MAX_VALUE || occurredAt == null
        || sequence == null) {
      LOG.debug("Skipping incomplete meter event at {}", path);
      return Optional.empty();
    }
    Long phase = NodeValues.toLong(values.get(4));
    Integer validPhase = phase != null && phase >= 1 && phase <= 3 ? phase.intValue() : null;
    int raw = code.intValue();
    return Optional.of(
        new MeterEventRecord(
            raw, EventCode.fromCode(raw), occurredAt, sequence, NodeValues.toDouble(values.get(3)), validPhase));
  }
}
