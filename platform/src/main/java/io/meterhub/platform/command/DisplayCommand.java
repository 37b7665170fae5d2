package io.meterhub.platform.command;

import io.meterhub.models.DisplayEncoder;
import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.platform.lwm2m.DeviceDownlink;
import io.meterhub.platform.lwm2m.DeviceResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepayment display push: replaces 26242/0 with what the credit engine computed. The target is the display in a
 * compact text form ({@link #target(PrepaymentDisplay)}, e.g. {@code -350 EUR emergency emergency=yes warning=yes},
 * at most 60 characters). A newer display command supersedes the waiting ones of its meter, so a burst of balance
 * changes makes one write with the newest values. The meter applies a display write whole or not at all, so its
 * 2.04 Changed confirms; a refusal fails, silence is retried. Steps are not audited one by one (failures are).
 */
public final class DisplayCommand implements CommandExecutor {

  public static final String TYPE = "display";
  /** Object id of the meterhub Prepayment Display object. */
  static final int OBJECT_ID = 26242;

  private static final Pattern TARGET =
      Pattern.compile("(-?\\d{1,19}) ([A-Z]{3}) ([a-z]+) emergency=(yes|no) warning=(yes|no)");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean supersedesWaiting() {
    return true;
  }

  @Override
  public boolean auditsEveryStep() {
    return false;
  }

  @Override
  public String validateTarget(String target) {
    return parse(target).isPresent()
        ? null
        : "must be '<balance> <currency> <normal|low|emergency|exhausted> emergency=<yes|no> warning=<yes|no>'";
  }

  /** The command target that shows {@code display}. */
  public static String target(PrepaymentDisplay display) {
    Objects.requireNonNull(display, "display");
    return display.balanceMinor() + " " + display.currency() + " " + display.creditState()
        + " emergency=" + yesNo(display.emergencyAvailable()) + " warning=" + yesNo(display.lowCreditWarning());
  }

  /** The display a target stands for; empty when the target is malformed or names an unknown state. */
  public static Optional<PrepaymentDisplay> parse(String target) {
    if (target == null) {
      return Optional.empty();
    }
    Matcher m = TARGET.matcher(target);
    if (!m.matches() || !PrepaymentDisplay.CREDIT_STATES.contains(m.group(3))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PrepaymentDisplay(
              Long.parseLong(m.group(1)), m.group(2), m.group(3), "yes".equals(m.group(4)), "yes".equals(m.group(5))));
    } catch (IllegalArgumentException outOfRange) {
      return Optional.empty();
    }
  }

  @Override
  public CompletionStage<Outcome> execute(Command command, DeviceDownlink downlink) {
    PrepaymentDisplay display = parse(command.target()).orElseThrow();
    return downlink
        .writeInstance(command.meterId(), OBJECT_ID, DisplayEncoder.encode(display))
        .thenApply(DisplayCommand::outcome);
  }

  private static Outcome outcome(DeviceResponse written) {
    return switch (written.outcome()) {
      case SUCCESS -> Outcome.confirmed();
      case REFUSED -> Outcome.failed("meter refused: " + written.code());
      case TIMEOUT -> Outcome.retry("no answer from the meter");
      case UNREACHABLE -> Outcome.unreachable(written.detail());
      case ERROR -> Outcome.retry("request failed: " + written.detail());
    };
  }

  private static String yesNo(boolean flag) {
    return flag ? "yes" : "no";
  }
}
