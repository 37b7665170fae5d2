package io.meterhub.models;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a meter model must expose and how the platform observes it.
 *
 * @param model model name as the meter reports it in 3/0/1 (e.g. {@code KPM31})
 * @param description human readable description
 * @param phases 1 or 3
 * @param objectIds LwM2M objects the model must expose
 * @param observations paths the platform observes after registration, with their pmin/pmax
 * @param events events the model can raise
 */
public record ProductProfile(
    String model,
    String description,
    int phases,
    Set<Integer> objectIds,
    List<ObservedPath> observations,
    Set<EventCode> events)
    implements Serializable {

  public ProductProfile {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(description, "description");
    if (phases != 1 && phases != 3) {
      throw new IllegalArgumentException("phases must be 1 or 3: " + phases);
    }
    objectIds = Collections.unmodifiableSet(new LinkedHashSet<>(objectIds));
    observations = List.copyOf(observations);
    events = Collections.unmodifiableSet(events.isEmpty() ? EnumSet.noneOf(EventCode.class) : EnumSet.copyOf(events));
    for (ObservedPath observed : observations) {
      if (!objectIds.contains(observed.lwm2mPath().getObjectId())) {
        throw new IllegalArgumentException(model + " observes " + observed.path() + " outside its objects");
      }
    }
  }

  /** The measurement object of this model: 10243 for single-phase, 10242 for three-phase. */
  public int meterObjectId() {
    return phases == 1 ? MeterObjectModels.SINGLE_PHASE_METER : MeterObjectModels.THREE_PHASE_METER;
  }

  /** True when the model exposes the object. */
  public boolean exposes(int objectId) {
    return objectIds.contains(objectId);
  }

  /** True when the model can raise the event. */
  public boolean canRaise(EventCode event) {
    return events.contains(event);
  }
}
