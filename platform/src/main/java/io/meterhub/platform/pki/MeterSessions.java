package io.meterhub.platform.pki;

/** Drops the live DTLS sessions of a meter on whichever node holds them. */
@FunctionalInterface
public interface MeterSessions {

  /** Terminates the meter's DTLS sessions cluster-wide; it must handshake again to talk. */
  void drop(String meterId);
}
