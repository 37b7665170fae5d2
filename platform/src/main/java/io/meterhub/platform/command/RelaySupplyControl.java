package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.SupplyControl;
import io.meterhub.platform.prepay.SupplyOutcome;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Carries the credit policy's disconnect and reconnect orders to the meters as relay commands, and their outcomes
 * back. A repeated order is harmless: the newer command supersedes a pending older one, and a relay already in the
 * target state confirms at once. Offline meters get the command when they come back (the pipeline holds it).
 */
public final class RelaySupplyControl implements SupplyControl {

  private static final String ACTOR = "system:prepay";

  private final SupplyControl record;
  private final CommandService commands;

  /**
   * @param record where the order is recorded first (the durable account of what the credit policy asked for)
   */
  public RelaySupplyControl(SupplyControl record, CommandService commands) {
    this.record = Objects.requireNonNull(record, "record");
    this.commands = Objects.requireNonNull(commands, "commands");
  }

  /** The relay command's id. */
  @Override
  public String disconnect(String meterId, String reason) {
    record.disconnect(meterId, reason);
    return commands.relay(meterId, RelayState.OPEN, reason, ACTOR).id();
  }

  /** The relay command's id. */
  @Override
  public String reconnect(String meterId, String reason) {
    record.reconnect(meterId, reason);
    return commands.relay(meterId, RelayState.CLOSED, reason, ACTOR).id();
  }

  @Override
  public SupplyOutcome outcome(String orderId) {
    return commands.get(Objects.requireNonNull(orderId, "orderId")).map(c -> outcomeOf(c.status()))
        // A command the pipeline does not know (e.g. an order recorded before it existed) is issued again.
        .orElse(SupplyOutcome.FAILED);
  }

  /**
   * A {@link CommandModule#onFinished} listener that reports the final state of every relay command (the credit
   * policy's or an operator's) to prepayment, which applies what its accounts wait for.
   */
  public static Consumer<Command> outcomesTo(PrepayService prepay) {
    Objects.requireNonNull(prepay, "prepay");
    return command -> {
      if (RelayCommand.TYPE.equals(command.type())) {
        prepay.supplyOutcome(command.meterId(), RelayState.OPEN.apiName().equals(command.target()), command.id(),
            outcomeOf(command.status()));
      }
    };
  }

  private static SupplyOutcome outcomeOf(CommandStatus status) {
    return switch (status) {
      case PENDING, SENT -> SupplyOutcome.PENDING;
      case CONFIRMED -> SupplyOutcome.CONFIRMED;
      case FAILED, EXPIRED, CANCELLED -> SupplyOutcome.FAILED;
    };
  }
}
