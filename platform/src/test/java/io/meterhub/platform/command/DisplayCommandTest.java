package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.PrepaymentDisplay;
import org.junit.jupiter.api.Test;

/** The display command's target: what the credit engine computed, in a form the pipeline stores and validates. */
class DisplayCommandTest {

  private final DisplayCommand executor = new DisplayCommand();

  @Test
  void targetCarriesEveryDisplayValueAndParsesBack() {
    PrepaymentDisplay display = new PrepaymentDisplay(-350, "EUR", PrepaymentDisplay.STATE_EMERGENCY, true, true);

    String target = DisplayCommand.target(display);

    assertThat(target).isEqualTo("-350 EUR emergency emergency=yes warning=yes");
    assertThat(executor.validateTarget(target)).isNull();
    assertThat(DisplayCommand.parse(target)).contains(display);
    PrepaymentDisplay normal = new PrepaymentDisplay(125_000, "CNY", PrepaymentDisplay.STATE_NORMAL, false, false);
    assertThat(DisplayCommand.parse(DisplayCommand.target(normal))).contains(normal);
  }

  @Test
  void longestTargetFitsTheCommandTargetColumn() {
    PrepaymentDisplay widest =
        new PrepaymentDisplay(Long.MIN_VALUE, "EUR", PrepaymentDisplay.STATE_EMERGENCY, true, true);
    String target = DisplayCommand.target(widest);

    assertThat(target.length()).isLessThanOrEqualTo(64);
    assertThat(DisplayCommand.parse(target)).contains(widest);
  }

  @Test
  void malformedTargetsAreRejected() {
    assertThat(executor.validateTarget("open")).isNotNull();
    assertThat(executor.validateTarget("100 EUR broke emergency=no warning=no")).as("unknown state").isNotNull();
    assertThat(executor.validateTarget("100 eur normal emergency=no warning=no")).as("currency case").isNotNull();
    assertThat(executor.validateTarget("100 EUR normal emergency=maybe warning=no")).isNotNull();
    assertThat(executor.validateTarget("100 EUR normal emergency=no")).as("missing flag").isNotNull();
    assertThat(executor.validateTarget("99999999999999999999 EUR normal emergency=no warning=no"))
        .as("balance beyond a long")
        .isNotNull();
    assertThat(executor.validateTarget(" 100 EUR normal emergency=no warning=no")).isNotNull();
    assertThat(DisplayCommand.parse(null)).isEmpty();
  }

  @Test
  void displayCommandsSupersedeTheirOwnTypeAndAreAuditedQuietly() {
    assertThat(executor.type()).isEqualTo("display");
    assertThat(executor.supersedesWaiting()).isTrue();
    assertThat(executor.auditsEveryStep()).isFalse();
    assertThat(new RelayCommand().auditsEveryStep()).isTrue();
  }
}
