package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import io.meterhub.platform.store.Jdbc;
import java.time.Instant;
import java.util.UUID;

/** History rows for changes made at the meter itself: final from the start, never delivered. */
final class LocalChanges {

  static final String METER_ACTOR = "meter";

  private LocalChanges() {}

  static Command relay(String meterId, RelayState state, Instant at) {
    Instant when = Jdbc.storable(at);
    return new Command(
        UUID.randomUUID().toString(),
        meterId,
        RelayCommand.LOCAL_TYPE,
        state.apiName(),
        "changed at the meter",
        CommandStatus.CONFIRMED,
        when,
        when,
        0,
        null,
        when,
        METER_ACTOR,
        null,
        null);
  }
}
