package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import io.meterhub.platform.lwm2m.DeviceDownlink;
import io.meterhub.platform.lwm2m.DeviceResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remote trip and reconnect: writes 3312/0/5850 ({@code true} = closed), then reads it back. Confirmed only when the
 * meter reports the target; a refusal or an unchanged relay fails the command; silence is retried.
 */
public final class RelayCommand implements CommandExecutor {

  public static final String TYPE = "relay";
  /** A relay change made at the meter itself, recorded in the history, never delivered. */
  public static final String LOCAL_TYPE = "relay-local";
  static final String ON_OFF = "/3312/0/5850";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean supersedesWaiting() {
    return true;
  }

  @Override
  public String validateTarget(String target) {
    return parse(target).isPresent() ? null : "must be open or closed";
  }

  /** {@code open} or {@code closed} as a relay state. */
  public static Optional<RelayState> parse(String target) {
    if ("open".equals(target)) {
      return Optional.of(RelayState.OPEN);
    }
    if ("closed".equals(target)) {
      return Optional.of(RelayState.CLOSED);
    }
    return Optional.empty();
  }

  @Override
  public CompletionStage<Outcome> execute(Command command, DeviceDownlink downlink) {
    RelayState target = parse(command.target()).orElseThrow();
    String endpoint = command.meterId();
    return downlink
        .writeBoolean(endpoint, ON_OFF, target.toOnOff())
        .thenCompose(
            written ->
                written.isSuccess()
                    ? downlink.readResource(endpoint, ON_OFF).thenApply(read -> confirm(read, target))
                    : CompletableFuture.completedFuture(notWritten(written)));
  }

  private static Outcome confirm(DeviceResponse read, RelayState target) {
    if (!read.isSuccess()) {
      return notWritten(read);
    }
    if (!(read.value() instanceof Boolean on)) {
      return Outcome.failed("meter reported an unreadable relay state");
    }
    RelayState reported = RelayState.fromOnOff(on);
    return reported == target
        ? Outcome.confirmed()
        : Outcome.failed("state did not change: meter reports " + reported.apiName());
  }

  private static Outcome notWritten(DeviceResponse response) {
    return switch (response.outcome()) {
      case REFUSED -> Outcome.failed("meter refused: " + response.code());
      case TIMEOUT -> Outcome.retry("no answer from the meter");
      case UNREACHABLE -> Outcome.unreachable(response.detail());
      case ERROR -> Outcome.retry("request failed: " + response.detail());
      case SUCCESS -> throw new IllegalStateException("not a failure");
    };
  }
}
