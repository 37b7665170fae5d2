package io.meterhub.loadtest;

/**
 * Counters and resource use of a target at one moment; -1 where the target does not tell.
 *
 * @param registrations current LwM2M registrations
 * @param notifications notifications received so far
 * @param readingsPersisted readings written to the store so far
 * @param handshakesOk successful DTLS handshakes so far
 * @param handshakesFailed failed DTLS handshakes so far
 * @param heapBytes heap in use
 * @param cpu process CPU use, 0..1 of the whole machine
 * @param threads live threads
 */
public record TargetStats(
    long registrations,
    long notifications,
    long readingsPersisted,
    long handshakesOk,
    long handshakesFailed,
    long heapBytes,
    double cpu,
    long threads) {

  public static final TargetStats UNKNOWN = new TargetStats(-1, -1, -1, -1, -1, -1, -1, -1);
}
