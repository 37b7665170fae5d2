package io.meterhub.loadtest;

import io.meterhub.models.client.SimulatedMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;

/**
 * Tells when a simulated meter's observe notifications actually leave its socket, so the probe can time
 * notification → queryable (the platform's share) apart from change → queryable (which also holds the simulator's
 * own queueing and the observe pmin wait).
 */
final class NotificationTap {

  private NotificationTap() {}

  /** Calls {@code sent(meterId, at)} for every notification {@code meter} sends from now on. */
  static void install(SimulatedMeter meter, Clock clock, BiConsumer<String, Instant> sent) {
    Objects.requireNonNull(sent, "sent");
    String id = meter.endpoint();
    for (Endpoint endpoint : ((CaliforniumClientEndpointsProvider) meter.leshanClient().getEndpointsProvider()
        .iterator().next()).getCoapServer().getEndpoints()) {
      endpoint.addInterceptor(new MessageInterceptorAdapter() {
        @Override
        public void sendResponse(Response response) {
          if (response.getOptions().hasObserve()) {
            response.addMessageObserver(new MessageObserverAdapter() {
              @Override
              public void onSent(boolean retransmission) {
                if (!retransmission) {
                  sent.accept(id, clock.instant());
                }
              }
            });
          }
        }
      });
    }
  }
}
