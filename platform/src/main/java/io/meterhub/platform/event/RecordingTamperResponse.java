package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Default {@link TamperResponse} until the relay pipeline is connected: records and logs each request, trips nothing.
 */
public final class RecordingTamperResponse implements TamperResponse {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingTamperResponse.class);

  /** One recorded trip request. */
  public record Request(String meterId, EventCode code) {}

  private final List<Request> requests = new ArrayList<>();

  @Override
  public synchronized void tamperDetected(String meterId, EventCode code) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(code, "code");
    requests.add(new Request(meterId, code));
    LOG.warn("tamper {} on meter {}: trip requested (no relay pipeline connected)", code, meterId);
  }

  /** The requests recorded so far, oldest first. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }
}
