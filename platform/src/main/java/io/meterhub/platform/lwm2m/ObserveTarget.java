package io.meterhub.platform.lwm2m;

import java.util.Objects;

/**
 * A path the server observes after a meter registers, with the notification attributes written before observing.
 *
 * @param path LwM2M path, e.g. {@code /3/0} or {@code /10243/0/14}
 * @param pmin minimum seconds between two notifications (0 = none)
 * @param pmax maximum seconds without a notification (0 = none)
 */
public record ObserveTarget(String path, int pmin, int pmax) {

  public ObserveTarget {
    Objects.requireNonNull(path, "path");
    if (pmin < 0 || pmax < 0 || (pmax > 0 && pmax < pmin)) {
      throw new IllegalArgumentException("invalid pmin/pmax: " + pmin + "/" + pmax);
    }
  }
}
