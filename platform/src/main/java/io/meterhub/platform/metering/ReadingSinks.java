package io.meterhub.platform.metering;

import java.util.List;

/** Composition of reading sinks. */
public final class ReadingSinks {

  private ReadingSinks() {}

  /** A sink that hands every reading to each of {@code sinks}, in order (each must return at once). */
  public static ReadingSink all(ReadingSink... sinks) {
    List<ReadingSink> targets = List.of(sinks);
    return reading -> targets.forEach(sink -> sink.accept(reading));
  }
}
