package io.meterhub.platform.metering;

import io.meterhub.platform.meter.MeterStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;

/** Radio values from LwM2M 4 Connectivity Monitoring (instance 0) in a notification or a Send. */
final class RadioValues {

  private static final int CONNECTIVITY = 4;
  private static final int SIGNAL_STRENGTH = 2;
  private static final int LINK_QUALITY = 3;

  private RadioValues() {}

  /** The radio values carried by {@code nodes}; empty when they hold no signal strength. */
  static Optional<MeterStatus.Radio> in(Map<LwM2mPath, LwM2mNode> nodes, Instant at) {
    Long signal = null;
    Long quality = null;
    for (Map.Entry<LwM2mPath, LwM2mNode> entry : nodes.entrySet()) {
      LwM2mPath path = entry.getKey();
      if (path.getObjectId() == null || path.getObjectId() != CONNECTIVITY) {
        continue;
      }
      LwM2mNode node = entry.getValue();
      if (node instanceof LwM2mObject object) {
        node = object.getInstance(0);
      }
      if (node instanceof LwM2mObjectInstance instance) {
        signal = integer(instance.getResource(SIGNAL_STRENGTH), signal);
        quality = integer(instance.getResource(LINK_QUALITY), quality);
      } else if (node instanceof LwM2mSingleResource resource && path.isResource()) {
        if (path.getResourceId() == SIGNAL_STRENGTH) {
          signal = integer(resource, signal);
        } else if (path.getResourceId() == LINK_QUALITY) {
          quality = integer(resource, quality);
        }
      }
    }
    return signal == null ? Optional.empty() : Optional.of(new MeterStatus.Radio(signal, quality, at));
  }

  private static Long integer(LwM2mResource resource, Long otherwise) {
    if (resource == null || resource.isMultiInstances() || !(resource.getValue() instanceof Number number)) {
      return otherwise;
    }
    return number.longValue();
  }
}
