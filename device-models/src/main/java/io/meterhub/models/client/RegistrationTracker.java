package io.meterhub.models.client;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;

/** Follows a Leshan client's registration with its (single) server, and lets threads wait for it. */
final class RegistrationTracker extends LwM2mClientObserverAdapter {

  private String registrationId;
  private LwM2mServer server;
  private long registrations;
  private long updates;

  synchronized boolean isRegistered() {
    return registrationId != null;
  }

  synchronized Optional<String> registrationId() {
    return Optional.ofNullable(registrationId);
  }

  synchronized Optional<LwM2mServer> server() {
    return Optional.ofNullable(server);
  }

  /** How many successful Register exchanges happened (re-registrations included). */
  synchronized long registrations() {
    return registrations;
  }

  /** How many successful Update exchanges happened. */
  synchronized long updates() {
    return updates;
  }

  /** Waits until at least {@code count} updates succeeded; false on timeout. */
  synchronized boolean awaitUpdates(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (updates < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public synchronized void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
    updates++;
    notifyAll();
  }

  synchronized boolean awaitRegistered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (registrationId == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  synchronized void reset() {
    set(null, null);
  }

  private synchronized void set(LwM2mServer newServer, String newRegistrationId) {
    server = newServer;
    registrationId = newRegistrationId;
    notifyAll();
  }

  @Override
  public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
    synchronized (this) {
      registrations++;
    }
    set(server, registrationId);
  }

  @Override
  public void onRegistrationFailure(
      LwM2mServer server, RegisterRequest request, ResponseCode code, String message, Exception cause) {
    set(null, null);
  }

  @Override
  public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
    set(null, null);
  }

  @Override
  public void onUpdateFailure(
      LwM2mServer server, UpdateRequest request, ResponseCode code, String message, Exception cause) {
    // Leshan's engine registers again after a failed update; until then the server may not know us.
    set(null, null);
  }

  @Override
  public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
    set(null, null);
  }

  @Override
  public void onDeregistrationStarted(LwM2mServer server, DeregisterRequest request) {
    set(null, null);
  }

  @Override
  public void onUnexpectedError(Throwable unexpectedError) {
    set(null, null);
  }
}
