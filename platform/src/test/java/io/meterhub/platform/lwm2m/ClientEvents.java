package io.meterhub.platform.lwm2m;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;

/** Client-side registration events, as {@link TestMeterClient} records them. */
public final class ClientEvents extends LwM2mClientObserverAdapter {
  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
    events.add("registered");
  }

  @Override
  public void onRegistrationFailure(
      LwM2mServer server, RegisterRequest request, ResponseCode code, String message, Exception cause) {
    events.add("registration-failed:" + code);
  }

  @Override
  public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
    events.add("registration-timeout");
  }

  @Override
  public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
    events.add("updated");
  }

  @Override
  public void onUpdateFailure(LwM2mServer server, UpdateRequest request,
      ResponseCode code, String message, Exception cause) {
    events.add("update-failed:" + code);
  }

  @Override
  public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
    events.add("update-timeout");
  }

  public List<String> since(int mark) {
    return List.copyOf(events.subList(mark, events.size()));
  }

  public boolean saw(String prefix) {
    return events.stream().anyMatch(e -> e.startsWith(prefix));
  }
}
