package io.meterhub.models;

import java.io.Serializable;
import java.util.Objects;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * A path the platform observes on a meter, with the observe attributes to set on it.
 *
 * @param path LwM2M path, e.g. {@code /10243/0} or {@code /3312/0/5850}
 * @param pminSeconds minimum period between notifications (0 = notify every change)
 * @param pmaxSeconds maximum period between notifications (0 = no periodic notification)
 */
public record ObservedPath(String path, int pminSeconds, int pmaxSeconds) implements Serializable {

  public ObservedPath {
    Objects.requireNonNull(path, "path");
    new LwM2mPath(path); // throws on a malformed path
    if (pminSeconds < 0 || pmaxSeconds < 0) {
      throw new IllegalArgumentException("pmin/pmax must not be negative: " + path);
    }
    if (pmaxSeconds != 0 && pmaxSeconds < pminSeconds) {
      throw new IllegalArgumentException("pmax < pmin for " + path);
    }
  }

  /** The path as a Leshan path. */
  public LwM2mPath lwm2mPath() {
    return new LwM2mPath(path);
  }
}
