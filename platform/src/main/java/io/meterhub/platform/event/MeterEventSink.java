package io.meterhub.platform.event;

import io.meterhub.models.MeterEventRecord;
import java.time.Instant;
import java.util.List;

/**
 * Port through which the LwM2M side hands over decoded meter events (Send and Observe of object 26243).
 * Implementations return at once: the caller is a Leshan thread and must never wait for SQL.
 */
public interface MeterEventSink {

  /**
   * Accepts the events one message of a meter carried.
   *
   * @param meterId the meter's endpoint name
   * @param events decoded records; duplicates of earlier ones (same sequence) are stored once
   * @param receivedAt when the platform received the message
   */
  void accept(String meterId, List<MeterEventRecord> events, Instant receivedAt);
}
