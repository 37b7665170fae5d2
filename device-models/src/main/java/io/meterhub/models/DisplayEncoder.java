package io.meterhub.models;

import java.util.Objects;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;

/** Builds the nodes the platform writes to the meter's Prepayment Display object (26242/0). */
public final class DisplayEncoder {

  /** Resource ids of object 26242. */
  public static final int CREDIT_BALANCE = 0;
  public static final int CURRENCY = 1;
  public static final int CREDIT_STATE = 2;
  public static final int EMERGENCY_CREDIT_AVAILABLE = 3;
  public static final int LOW_CREDIT_WARNING = 4;
  public static final int MINOR_UNIT_DIGITS = 5;

  private DisplayEncoder() {}

  /** Nodes to write to 26242/0 for a balance etc. (a Write-Replace or Write-Update of instance 0). */
  public static LwM2mObjectInstance encode(PrepaymentDisplay display) {
    Objects.requireNonNull(display, "display");
    return new LwM2mObjectInstance(
        0,
        LwM2mSingleResource.newIntegerResource(CREDIT_BALANCE, display.balanceMinor()),
        LwM2mSingleResource.newStringResource(CURRENCY, display.currency()),
        LwM2mSingleResource.newStringResource(CREDIT_STATE, display.creditState()),
        LwM2mSingleResource.newBooleanResource(EMERGENCY_CREDIT_AVAILABLE, display.emergencyAvailable()),
        LwM2mSingleResource.newBooleanResource(LOW_CREDIT_WARNING, display.lowCreditWarning()),
        LwM2mSingleResource.newIntegerResource(MINOR_UNIT_DIGITS, display.minorUnitDigits()));
  }
}
