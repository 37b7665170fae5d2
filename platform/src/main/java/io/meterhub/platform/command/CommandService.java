package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import io.meterhub.platform.store.Page;
import java.util.Objects;
import java.util.Optional;

/**
 * Device commands: accepted here on any node, held until the meter is reachable, delivered by the node that holds
 * the meter's DTLS session, confirmed against what the meter reports. Blocking (SQL, cluster calls): never call it on
 * an event loop or a protocol thread.
 *
 * <p>Errors: {@link UnknownMeterException} for a meter not in the registry, {@link
 * io.meterhub.platform.common.ValidationException} for invalid input, {@link IdempotencyKeyReusedException} when a key
 * comes back with another request, {@link io.meterhub.platform.common.ConflictException} when a cancel comes too late.
 */
public interface CommandService {

  /**
   * Accepts a command in status {@code pending}. A newer relay (or display) command supersedes older commands of the
   * same type and meter that are still waiting (they become {@code cancelled}, error "superseded by &lt;id&gt;").
   * With an idempotency key already used for the same meter, type and target, the first command is returned instead.
   */
  Accepted create(CommandRequest request);

  /** Trips ({@link RelayState#OPEN}) or reconnects ({@link RelayState#CLOSED}) a meter; the port prepayment uses. */
  default Command relay(String meterId, RelayState target, String reason, String actor) {
    Objects.requireNonNull(target, "target");
    if (target == RelayState.UNKNOWN) {
      throw new IllegalArgumentException("relay target must be OPEN or CLOSED");
    }
    return create(CommandRequest.of(meterId, RelayCommand.TYPE, target.apiName(), reason, actor)).command();
  }

  Optional<Command> get(String id);

  /** A meter's commands, newest first; empty when the meter is unknown. */
  Optional<Page<Command>> listForMeter(String meterId, int limit, String cursor);

  /**
   * Cancels a command that is still {@code pending}: it will never be delivered. Empty when there is no such command;
   * ConflictException when it is being delivered or already final.
   */
  Optional<Command> cancel(String id, String actor);

  /**
   * An accepted command.
   *
   * @param command the command as stored
   * @param replayed true when an earlier request with the same idempotency key created it
   */
  record Accepted(Command command, boolean replayed) {}
}
