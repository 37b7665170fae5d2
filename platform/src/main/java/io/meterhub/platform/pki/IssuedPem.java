package io.meterhub.platform.pki;

import java.time.Instant;

/** A certificate issued from a certification request. */
public record IssuedPem(String serial, String meterId, Instant notAfter, String certificatePem) {}
