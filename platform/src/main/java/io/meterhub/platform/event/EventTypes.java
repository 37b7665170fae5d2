package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The event type names of the API: every {@link EventCode} name in lower case ({@code unknown} included), and the
 * platform-raised {@link CreditEvents#TYPES}.
 */
public final class EventTypes {

  /** Every event type name. */
  public static final Set<String> ALL = Stream.concat(
      Arrays.stream(EventCode.values()).map(EventTypes::of), CreditEvents.TYPES.stream())
      .collect(Collectors.toUnmodifiableSet());

  private EventTypes() {}

  /** The API name of a code, e.g. {@code power_failure}. */
  public static String of(EventCode code) {
    return Objects.requireNonNull(code, "code").name().toLowerCase(Locale.ROOT);
  }

  public static boolean isKnown(String type) {
    return type != null && ALL.contains(type);
  }
}
