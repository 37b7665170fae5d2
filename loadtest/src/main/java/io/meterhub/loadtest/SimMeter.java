package io.meterhub.loadtest;

import io.meterhub.models.ProductProfile;
import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.PowerControlObject.Behaviour;
import io.meterhub.models.client.SimulatedMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;

/**
 * One simulated meter of the fleet: the real {@link SimulatedMeter} (a Leshan client over DTLS) plus what the load
 * generator tracks about it: when it was started and registered, its energy accumulator and its role in faults.
 */
public final class SimMeter {

  /** What a meter is for in the scenario. */
  public enum Role {
    /** An ordinary meter. */
    NORMAL,
    /** Connects through the NAT that rebinds (Connection ID test). */
    REBINDING,
    /** Uses a wrong PSK and must be refused. */
    WRONG_KEY
  }

  private final MeterIdentity identity;
  private final ProductProfile profile;
  private final Role role;
  private final SimulatedMeter meter;
  private final Results results;
  private volatile long startedNanos;
  private volatile long registeredNanos;
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean troubleExpected;
  private double carryWh;
  private Instant lastSample;
  private long samples;

  SimMeter(MeterIdentity identity, Role role, SimulatedMeter meter, boolean refuseRelay, Results results) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.profile = ProductProfiles.find(identity.model()).orElseThrow();
    this.role = role;
    this.meter = meter;
    this.results = results;
    if (refuseRelay) {
      meter.powerControl().setBehaviour(Behaviour.REFUSE);
    }
    meter.leshanClient().addObserver(new Observer());
  }

  /** Starts the client (handshake and registration happen in the background). */
  public void start() {
    startedNanos = System.nanoTime();
    meter.start();
  }

  public boolean registered() {
    return meter.isRegistered();
  }

  /** Whether the meter registered at least once since it was started. */
  public boolean everRegistered() {
    return registeredNanos != 0;
  }

  /**
   * While set, failed registrations and updates are counted as expected outcomes, not errors (a fault the scenario
   * causes on purpose, e.g. a restart whose first update the server cannot match).
   */
  public void expectTrouble(boolean expected) {
    this.troubleExpected = expected;
  }

  private void problem(String kind, String detail) {
    if (troubleExpected || role == Role.WRONG_KEY) {
      results.count("expected." + kind);
    } else {
      results.error(kind, detail);
    }
  }

  /** Successful registration updates so far. */
  public long updates() {
    return updates.get();
  }

  /** Failed or timed-out registrations so far. */
  public long failures() {
    return failures.get();
  }

  /**
   * Samples the load profile at {@code now}, adds the energy since the last sample and sets every value with one
   * notification. Returns the new register value in Wh.
   */
  public synchronized long sample(Instant now) {
    double kw = LoadProfile.powerKw(identity.seed(), now);
    if (profile.phases() == 3) {
      kw *= 3;
    }
    double seconds = lastSample == null ? 0 : Duration.between(lastSample, now).toMillis() / 1000.0;
    lastSample = now;
    samples++;
    carryWh += kw * seconds / 3.6;
    long wh = (long) carryWh;
    carryWh -= wh;
    SplittableRandom noise = new SplittableRandom(LoadProfile.mix(identity.seed(), now.getEpochSecond()));
    double pf = 0.90 + 0.09 * noise.nextDouble();
    if (profile.phases() == 1) {
      double v = 225 + 10 * noise.nextDouble();
      return meter.singlePhaseMeter().update(v, round(kw * 1000 / (v * pf)), kw, round(pf), wh);
    }
    double[] volts = new double[3];
    double[] amps = new double[3];
    double[] kws = new double[3];
    for (int i = 0; i < 3; i++) {
      volts[i] = round(225 + 10 * noise.nextDouble());
      kws[i] = round(kw * (0.28 + 0.10 * noise.nextDouble()));
      amps[i] = round(kws[i] * 1000 / (volts[i] * pf));
    }
    return meter.threePhaseMeter().update(volts, amps, kws, round(pf), wh);
  }

  /** How many times {@link #sample} ran. */
  public synchronized long samples() {
    return samples;
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  public MeterIdentity identity() {
    return identity;
  }

  public ProductProfile profile() {
    return profile;
  }

  public Role role() {
    return role;
  }

  /** The underlying simulated meter (events, relay, Leshan client). */
  public SimulatedMeter meter() {
    return meter;
  }

  private final class Observer extends LwM2mClientObserverAdapter {
    @Override
    public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
      long now = System.nanoTime();
      if (registeredNanos == 0 && startedNanos != 0) {
        results.latency("handshakeAndRegistration", Duration.ofNanos(now - startedNanos));
      }
      registeredNanos = now;
      results.count(role == Role.WRONG_KEY ? "wrongKeyRegistered" : "registrations");
    }

    @Override
    public void onRegistrationFailure(
        LwM2mServer server, RegisterRequest request, ResponseCode code, String message, Exception cause) {
      failures.incrementAndGet();
      problem("registration.failure", identity.id() + ": " + code + " " + message);
    }

    @Override
    public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
      failures.incrementAndGet();
      problem("registration.timeout", identity.id());
    }

    @Override
    public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
      updates.incrementAndGet();
    }

    @Override
    public void onUpdateFailure(
        LwM2mServer server, UpdateRequest request, ResponseCode code, String message, Exception cause) {
      problem("update.failure", identity.id() + ": " + code + " " + message);
    }

    @Override
    public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
      problem("update.timeout", identity.id());
    }
  }
}
