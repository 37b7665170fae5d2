package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;

/**
 * Receives what a meter's prepayment display should show, after every committed change of balance or credit
 * state. Calls can be frequent (every consumption charge): implementations coalesce per meter and return quickly.
 */
public interface DisplayPublisher {

  void publish(String meterId, PrepaymentDisplay display);
}
