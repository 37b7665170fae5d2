package io.meterhub.platform.customer;

/**
 * Outcome of a vault key rotation.
 *
 * @param dataKeyId the new active data key
 * @param kekId fingerprint of the key-encryption key that now wraps it
 * @param customersReencrypted customer rows re-encrypted under the new data key
 * @param dataKeysRetired old data keys deleted
 */
public record KeyRotation(String dataKeyId, String kekId, int customersReencrypted, int dataKeysRetired) {}
