package io.meterhub.platform.meter;

import java.util.Objects;

/** A meter with its live status, as the API shows it. */
public record MeterView(Meter meter, MeterStatus status) {

  public MeterView {
    Objects.requireNonNull(meter, "meter");
    Objects.requireNonNull(status, "status");
  }
}
