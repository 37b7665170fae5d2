/**
 * Device PKI: the platform CA (created under the data dir or loaded from PEM), the LwM2M server's certificate, device
 * certificates issued from CSRs or generated at provisioning, and revocation (durable in SQL, live in a Hazelcast
 * replicated map read by every node's DTLS handshake). Private keys of devices are never stored.
 */
package io.meterhub.platform.pki;
