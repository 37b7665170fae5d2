package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import io.meterhub.platform.prepay.SupplyControl;
import java.util.Objects;

/**
 * Carries the credit policy's disconnect and reconnect orders to the meters as relay commands. A repeated order is
 * harmless: the newer command supersedes a pending older one, and a relay already in the target state confirms at once.
 * Offline meters get the command when they come back (the pipeline holds it).
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

  @Override
  public void disconnect(String meterId, String reason) {
    record.disconnect(meterId, reason);
    commands.relay(meterId, RelayState.OPEN, reason, ACTOR);
  }

  @Override
  public void reconnect(String meterId, String reason) {
    record.reconnect(meterId, reason);
    commands.relay(meterId, RelayState.CLOSED, reason, ACTOR);
  }
}
