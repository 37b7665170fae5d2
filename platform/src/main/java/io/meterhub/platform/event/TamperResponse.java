package io.meterhub.platform.event;

import io.meterhub.models.EventCode;

/**
 * Port called when a meter in a region with the "trip on tamper" policy reports tampering; the relay pipeline
 * implements it by opening the meter's relay. Called on the ingestion worker: return at once.
 */
public interface TamperResponse {

  void tamperDetected(String meterId, EventCode code);
}
