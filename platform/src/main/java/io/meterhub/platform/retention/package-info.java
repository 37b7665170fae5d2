/**
 * Data minimisation over time: per data class retention (fine readings are summarised into daily aggregates before
 * they are deleted; events expire; the audit log is kept), run as a scheduled job on every node.
 */
package io.meterhub.platform.retention;
