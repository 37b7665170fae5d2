package io.meterhub.platform.prepay;

import java.util.Objects;

/**
 * A request to open an account.
 *
 * @param policy the credit policy, already merged over the deployment defaults
 * @param debt opening debt in minor units (recovered from top-ups), 0 for none
 */
public record NewAccount(String meterId, String tariffId, String currency, CreditPolicy policy, long debt) {

  public NewAccount {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(tariffId, "tariffId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(policy, "policy");
  }
}
