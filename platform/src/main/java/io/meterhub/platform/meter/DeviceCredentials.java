package io.meterhub.platform.meter;

/**
 * The live credential registry the DTLS handshake reads from. Changing or removing a meter's credentials drops the
 * meter's live DTLS session on whichever node holds it.
 */
public interface DeviceCredentials {

  /** Adds or replaces the credentials of a meter. */
  void put(Meter meter);

  /** Removes the credentials of a meter. */
  void remove(String meterId);
}
