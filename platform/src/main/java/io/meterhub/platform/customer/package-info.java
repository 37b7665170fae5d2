/**
 * Customer vault: customers' personal data (name, address, phone, e-mail, protection reasons) kept apart from meters
 * and readings, encrypted per field with AES-256-GCM under data keys that a configured key-encryption key wraps, and
 * linked to meters by id only. Operators see a pseudonymous reference; every read of personal data is audited.
 */
package io.meterhub.platform.customer;
