package io.meterhub.platform.command;

import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.platform.prepay.DisplayPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Carries the credit engine's display updates to the meters as {@link DisplayCommand}s. Coalescing is the pipeline's
 * supersede rule: each publish creates a display command that cancels the meter's display commands still waiting, so
 * an offline meter (or a burst of charges) ends with one pending write carrying the newest values. The deadline is
 * short because a stale display is worthless once a newer one exists; relay commands are never touched. Blocking (a
 * SQL insert and a cluster call): call it on worker threads, as the prepay service does.
 */
public final class CommandDisplayPublisher implements DisplayPublisher {

  /** Who the display commands are requested by. */
  public static final String ACTOR = "system:prepay";
  public static final String REASON = "credit display update";
  /** How long a display update may wait for its meter by default. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final CommandService commands;
  private final Clock clock;
  private final Duration ttl;

  public CommandDisplayPublisher(CommandService commands, Clock clock) {
    this(commands, clock, DEFAULT_TTL);
  }

  /** @param ttl how long an update may wait for an unreachable meter before it expires */
  public CommandDisplayPublisher(CommandService commands, Clock clock, Duration ttl) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
  }

  @Override
  public void publish(String meterId, PrepaymentDisplay display) {
    Objects.requireNonNull(meterId, "meterId");
    String target = DisplayCommand.target(Objects.requireNonNull(display, "display"));
    commands.create(
        new CommandRequest(
            meterId, DisplayCommand.TYPE, target, REASON, ACTOR, null, clock.instant().plus(ttl), null));
  }
}
