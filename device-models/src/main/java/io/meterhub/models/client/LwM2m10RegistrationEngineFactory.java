package io.meterhub.models.client;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;

/**
 * Registration engine factory for meters that register as LwM2M 1.0. Leshan's engine always registers with the newest
 * version it supports, so the Register request is rewritten on its way out: {@code lwm2m=1.0}, and queue mode as the
 * 1.0 binding {@code UQ} instead of the 1.1 {@code Q} parameter.
 */
final class LwM2m10RegistrationEngineFactory extends DefaultRegistrationEngineFactory {

  private final boolean queueMode;

  LwM2m10RegistrationEngineFactory(boolean queueMode) {
    this.queueMode = queueMode;
  }

  @Override
  public RegistrationEngine createRegistratioEngine(
      String endpoint,
      LwM2mObjectTree objectTree,
      EndpointsManager endpointsManager,
      UplinkRequestSender requestSender,
      BootstrapHandler bootstrapState,
      LwM2mClientObserver observer,
      Map<String, String> additionalAttributes,
      Map<String, String> bsAdditionalAttributes,
      Set<ContentFormat> supportedContentFormat,
      ScheduledExecutorService sharedExecutor,
      LinkFormatHelper linkFormatHelper) {
    return super.createRegistratioEngine(
        endpoint,
        objectTree,
        endpointsManager,
        new Version10Sender(requestSender, queueMode),
        bootstrapState,
        observer,
        additionalAttributes,
        bsAdditionalAttributes,
        supportedContentFormat,
        sharedExecutor,
        linkFormatHelper);
  }

  private record Version10Sender(UplinkRequestSender delegate, boolean queueMode) implements UplinkRequestSender {

    @Override
    public <T extends LwM2mResponse> T send(LwM2mServer server, UplinkRequest<T> request, long timeoutInMs)
        throws InterruptedException {
      return delegate.send(server, rewrite(request), timeoutInMs);
    }

    @Override
    public <T extends LwM2mResponse> void send(
        LwM2mServer server,
        UplinkRequest<T> request,
        long timeoutInMs,
        ResponseCallback<T> responseCallback,
        ErrorCallback errorCallback) {
      delegate.send(server, rewrite(request), timeoutInMs, responseCallback, errorCallback);
    }

    @SuppressWarnings("unchecked")
    private <T extends LwM2mResponse> UplinkRequest<T> rewrite(UplinkRequest<T> request) {
      if (!(request instanceof RegisterRequest register)) {
        return request;
      }
      EnumSet<BindingMode> bindings =
          register.getBindingMode() == null ? EnumSet.of(BindingMode.U) : EnumSet.copyOf(register.getBindingMode());
      if (queueMode) {
        bindings.add(BindingMode.Q);
      }
      return (UplinkRequest<T>)
          new RegisterRequest(
              register.getEndpointName(),
              register.getLifetime(),
              LwM2mVersion.V1_0.toString(),
              bindings,
              null,
              register.getSmsNumber(),
              register.getObjectLinks(),
              register.getAdditionalAttributes());
    }
  }
}
