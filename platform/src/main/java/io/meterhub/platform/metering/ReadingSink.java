package io.meterhub.platform.metering;

/** Accepts readings from the device side; implementations must return quickly (no SQL on the caller's thread). */
public interface ReadingSink {

  void accept(IngestedReading reading);
}
