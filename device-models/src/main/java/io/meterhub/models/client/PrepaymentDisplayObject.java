package io.meterhub.models.client;

import static io.meterhub.models.DisplayEncoder.CREDIT_BALANCE;
import static io.meterhub.models.DisplayEncoder.CREDIT_STATE;
import static io.meterhub.models.DisplayEncoder.CURRENCY;
import static io.meterhub.models.DisplayEncoder.EMERGENCY_CREDIT_AVAILABLE;
import static io.meterhub.models.DisplayEncoder.LOW_CREDIT_WARNING;
import static io.meterhub.models.DisplayEncoder.MINOR_UNIT_DIGITS;

import io.meterhub.models.PrepaymentDisplay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * meterhub 26242 Prepayment Display, instance 0: what the platform wrote for the meter's screen. A write is applied
 * whole or not at all (a bad value answers 4.00 and leaves the display as it was).
 */
public final class PrepaymentDisplayObject extends MeterInstanceEnabler {

  private static final List<Integer> RESOURCES =
      List.of(CREDIT_BALANCE, CURRENCY, CREDIT_STATE, EMERGENCY_CREDIT_AVAILABLE, LOW_CREDIT_WARNING,
          MINOR_UNIT_DIGITS);

  /** Resource id to value (Long, String or Boolean); absent until written. */
  private final Map<Integer, Object> values = new HashMap<>();
  private long writes;

  public PrepaymentDisplayObject() {
    super(0);
  }

  /** The display as last written, empty until every mandatory resource has been written with a valid value. */
  public synchronized Optional<PrepaymentDisplay> display() {
    if (!(values.get(CREDIT_BALANCE) instanceof Long balance)
        || !(values.get(CURRENCY) instanceof String currency)
        || !(values.get(CREDIT_STATE) instanceof String state)
        || !(values.get(EMERGENCY_CREDIT_AVAILABLE) instanceof Boolean emergency)
        || !(values.get(LOW_CREDIT_WARNING) instanceof Boolean warning)) {
      return Optional.empty();
    }
    return Optional.of(new PrepaymentDisplay(balance, currency, state, emergency, warning));
  }

  /** Resource 5 as last written. */
  public synchronized Optional<Integer> minorUnitDigits() {
    return Optional.ofNullable((Long) values.get(MINOR_UNIT_DIGITS)).map(Long::intValue);
  }

  /** How many successful writes the server made. */
  public synchronized long writeCount() {
    return writes;
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    Object value = values.get(resourceId);
    if (!RESOURCES.contains(resourceId)) {
      return super.read(server, resourceId);
    }
    if (value instanceof Long number) {
      return ReadResponse.success(resourceId, number.longValue());
    }
    if (value instanceof Boolean flag) {
      return ReadResponse.success(resourceId, flag.booleanValue());
    }
    return value == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, (String) value);
  }

  @Override
  public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
    return apply(replace, value.getResources());
  }

  @Override
  public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
    return apply(false, Map.of(resourceId, value));
  }

  private WriteResponse apply(boolean replace, Map<Integer, LwM2mResource> resources) {
    Map<Integer, Object> accepted = new HashMap<>();
    for (LwM2mResource resource : resources.values()) {
      String error = validate(resource);
      if (error != null) {
        return WriteResponse.badRequest(error);
      }
      accepted.put(resource.getId(), resource.getValue());
    }
    synchronized (this) {
      if (replace) {
        values.clear();
      }
      values.putAll(accepted);
      writes++;
    }
    changed(replace ? RESOURCES.stream().mapToInt(Integer::intValue).toArray()
        : accepted.keySet().stream().mapToInt(Integer::intValue).toArray());
    return WriteResponse.success();
  }

  private static String validate(LwM2mResource resource) {
    Object v = resource.getValue();
    return switch (resource.getId()) {
      case CREDIT_BALANCE -> v instanceof Long ? null : "credit balance must be an integer";
      case CURRENCY ->
          v instanceof String s && PrepaymentDisplay.isCurrencyCode(s) ? null : "currency must be ISO 4217 alphabetic";
      case CREDIT_STATE ->
          v instanceof String s && PrepaymentDisplay.CREDIT_STATES.contains(s) ? null : "unknown credit state";
      case EMERGENCY_CREDIT_AVAILABLE, LOW_CREDIT_WARNING -> v instanceof Boolean ? null : "flag must be a boolean";
      case MINOR_UNIT_DIGITS ->
          v instanceof Long digits && digits >= 0 && digits <= 9 ? null : "minor unit digits must be 0..9";
      default -> "no writable resource " + resource.getId();
    };
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
