package io.meterhub.platform.command;

import io.meterhub.models.EventCode;
import io.meterhub.models.RelayState;
import io.meterhub.platform.event.TamperResponse;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-theft policy: trips the relay of a meter that reported tampering (only in regions where the operator enabled
 * it). The command is created off the event worker, so a slow database never stalls event ingestion.
 */
public final class RelayTamperResponse implements TamperResponse {

  private static final Logger LOG = LoggerFactory.getLogger(RelayTamperResponse.class);

  private final CommandService commands;
  private final Executor executor;

  public RelayTamperResponse(CommandService commands, Executor executor) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void tamperDetected(String meterId, EventCode code) {
    executor.execute(
        () -> {
          try {
            commands.relay(meterId, RelayState.OPEN, "tamper detected: " + code.name().toLowerCase(), "system:anti-theft");
          } catch (RuntimeException e) {
            LOG.warn("Tamper trip of {} could not be created: {}", meterId, e.toString());
          }
        });
  }
}
