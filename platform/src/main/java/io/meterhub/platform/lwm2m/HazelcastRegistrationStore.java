package io.meterhub.platform.lwm2m;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.meterhub.platform.cluster.ClusterMember;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.leshan.core.Destroyable;
import org.eclipse.leshan.core.Startable;
import org.eclipse.leshan.core.Stoppable;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.server.redis.serialization.LwM2mIdentitySerDes;
import org.eclipse.leshan.server.redis.serialization.ObservationSerDes;
import org.eclipse.leshan.server.redis.serialization.RegistrationSerDes;
import org.eclipse.leshan.server.registration.Deregistration;
import org.eclipse.leshan.server.registration.ExpirationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leshan registrations and observations in Hazelcast maps, shared by every node of the cluster. Modelled on Leshan's
 * {@code RedisRegistrationStore}: values are serialized with Leshan's own SerDes, every write holds a per-endpoint
 * cluster lock, and expired registrations are removed by a periodic cleaner.
 *
 * <p>Each node's cleaner only looks at the expiry entries its member owns, and removes under the endpoint lock only
 * if the registration is still expired, so a registration's expiry is reported by exactly one node.
 */
public final class HazelcastRegistrationStore implements RegistrationStore, Startable, Stoppable, Destroyable {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastRegistrationStore.class);
  private static final long LOCK_WAIT_SECONDS = 10;
  private static final long LOCK_LEASE_SECONDS = 30;
  private static final int ITERATION_BATCH = 200;

  private final IMap<String, byte[]> registrations;
  private final IMap<String, String> index;
  private final IMap<String, Long> expiry;
  private final IMap<String, byte[]> observations;
  private final IMap<String, String[]> observationTokens;
  private final IMap<String, Boolean> locks;
  private final RegistrationSerDes registrationSerDes = new RegistrationSerDes();
  private final ObservationSerDes observationSerDes = new ObservationSerDes();
  private final LwM2mIdentitySerDes identitySerDes = new LwM2mIdentitySerDes();
  private final Clock clock;
  private final Duration cleanPeriod;
  private final int cleanLimit;
  private final long gracePeriodSeconds;
  private final ScheduledExecutorService cleanerExecutor;
  private volatile ExpirationListener expirationListener;
  private ScheduledFuture<?> cleanerTask;

  /** A store with a 60 s clean period, at most 500 removals per period and no grace period, like Leshan's. */
  public HazelcastRegistrationStore(HazelcastInstance hazelcast) {
    this(hazelcast, Clock.systemUTC(), Duration.ofSeconds(60), 500, 0);
  }

  /**
   * @param clock decides when a registration has expired
   * @param cleanPeriod time between two expiry scans
   * @param cleanLimit maximum number of registrations one node expires per scan
   * @param gracePeriodSeconds extra time added to a registration's lifetime before it expires
   */
  public HazelcastRegistrationStore(
      HazelcastInstance hazelcast, Clock clock, Duration cleanPeriod, int cleanLimit, long gracePeriodSeconds) {
    Objects.requireNonNull(hazelcast, "hazelcast");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cleanPeriod = Objects.requireNonNull(cleanPeriod, "cleanPeriod");
    this.cleanLimit = cleanLimit;
    this.gracePeriodSeconds = gracePeriodSeconds;
    this.registrations = hazelcast.getMap(ClusterMember.REGISTRATIONS);
    this.index = hazelcast.getMap(ClusterMember.REGISTRATION_INDEX);
    this.expiry = hazelcast.getMap(ClusterMember.REGISTRATION_EXPIRY);
    this.observations = hazelcast.getMap(ClusterMember.OBSERVATIONS);
    this.observationTokens = hazelcast.getMap(ClusterMember.OBSERVATION_TOKENS);
    this.locks = hazelcast.getMap(ClusterMember.REGISTRATION_LOCKS);
    this.cleanerExecutor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meterhub-registration-cleaner");
              t.setDaemon(true);
              return t;
            });
  }

  /* ---------------- registrations ---------------- */

  @Override
  public Deregistration addRegistration(Registration registration) {
    String endpoint = registration.getEndpoint();
    return locked(
        endpoint,
        () -> {
          byte[] previous = registrations.put(endpoint, registrationSerDes.bSerialize(registration));
          index.set(idKey(registration.getId()), endpoint);
          index.set(addrKey(registration.getSocketAddress()), endpoint);
          index.set(identityKey(registration.getClientTransportData().getIdentity()), endpoint);
          expiry.set(endpoint, registration.getExpirationTimeStamp(gracePeriodSeconds));
          if (previous == null) {
            return null;
          }
          Registration old = registrationSerDes.deserialize(previous);
          if (!old.getId().equals(registration.getId())) {
            index.delete(idKey(old.getId()));
          }
          if (!old.getSocketAddress().equals(registration.getSocketAddress())) {
            removeIndexIfOwned(addrKey(old.getSocketAddress()), endpoint);
          }
          LwM2mIdentity oldIdentity = old.getClientTransportData().getIdentity();
          if (!oldIdentity.equals(registration.getClientTransportData().getIdentity())) {
            removeIndexIfOwned(identityKey(oldIdentity), endpoint);
          }
          return new Deregistration(old, unsafeRemoveAllObservations(old.getId()));
        });
  }

  @Override
  public UpdatedRegistration updateRegistration(RegistrationUpdate update) {
    String endpoint = index.get(idKey(update.getRegistrationId()));
    if (endpoint == null) {
      return null;
    }
    return locked(
        endpoint,
        () -> {
          Registration current = unsafeGet(endpoint);
          if (current == null || !current.getId().equals(update.getRegistrationId())) {
            return null;
          }
          Registration updated = update.update(current);
          registrations.set(endpoint, registrationSerDes.bSerialize(updated));
          expiry.set(endpoint, updated.getExpirationTimeStamp(gracePeriodSeconds));
          index.set(addrKey(updated.getSocketAddress()), endpoint);
          if (!current.getSocketAddress().equals(updated.getSocketAddress())) {
            removeIndexIfOwned(addrKey(current.getSocketAddress()), endpoint);
          }
          LwM2mIdentity identity = updated.getClientTransportData().getIdentity();
          index.set(identityKey(identity), endpoint);
          if (!current.getClientTransportData().getIdentity().equals(identity)) {
            removeIndexIfOwned(identityKey(current.getClientTransportData().getIdentity()), endpoint);
          }
          return new UpdatedRegistration(current, updated);
        });
  }

  @Override
  public Registration getRegistration(String registrationId) {
    String endpoint = index.get(idKey(registrationId));
    if (endpoint == null) {
      return null;
    }
    Registration r = unsafeGet(endpoint);
    return r != null && r.getId().equals(registrationId) ? r : null;
  }

  @Override
  public Registration getRegistrationByEndpoint(String endpoint) {
    return unsafeGet(Objects.requireNonNull(endpoint, "endpoint"));
  }

  @Override
  public Registration getRegistrationByAdress(InetSocketAddress address) {
    String endpoint = index.get(addrKey(Objects.requireNonNull(address, "address")));
    return endpoint == null ? null : unsafeGet(endpoint);
  }

  @Override
  public Registration getRegistrationByIdentity(LwM2mIdentity identity) {
    String endpoint = index.get(identityKey(Objects.requireNonNull(identity, "identity")));
    return endpoint == null ? null : unsafeGet(endpoint);
  }

  /**
   * Iterates over the registrations present when called: endpoints are listed first (small), registrations are then
   * fetched {@value #ITERATION_BATCH} at a time, so memory stays bounded with many meters. Registrations removed
   * meanwhile are skipped.
   */
  @Override
  public Iterator<Registration> getAllRegistrations() {
    List<String> endpoints = new ArrayList<>(registrations.keySet());
    return new Iterator<>() {
      private int next;
      private final java.util.ArrayDeque<Registration> batch = new java.util.ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (batch.isEmpty() && next < endpoints.size()) {
          List<String> keys = endpoints.subList(next, Math.min(next + ITERATION_BATCH, endpoints.size()));
          next += keys.size();
          registrations.getAll(new java.util.HashSet<>(keys)).values().stream()
              .map(registrationSerDes::deserialize)
              .forEach(batch::add);
        }
        return !batch.isEmpty();
      }

      @Override
      public Registration next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return batch.poll();
      }
    };
  }

  /** Number of registrations in the whole cluster. */
  public int size() {
    return registrations.size();
  }

  @Override
  public Deregistration removeRegistration(String registrationId) {
    return removeRegistration(registrationId, false);
  }

  private Deregistration removeRegistration(String registrationId, boolean onlyIfExpired) {
    String endpoint = index.get(idKey(registrationId));
    if (endpoint == null) {
      return null;
    }
    return locked(
        endpoint,
        () -> {
          Registration r = unsafeGet(endpoint);
          if (r == null || !r.getId().equals(registrationId)) {
            return null;
          }
          if (onlyIfExpired && isAlive(r)) {
            return null;
          }
          registrations.delete(endpoint);
          index.delete(idKey(registrationId));
          removeIndexIfOwned(addrKey(r.getSocketAddress()), endpoint);
          removeIndexIfOwned(identityKey(r.getClientTransportData().getIdentity()), endpoint);
          expiry.delete(endpoint);
          return new Deregistration(r, unsafeRemoveAllObservations(registrationId));
        });
  }

  /* ---------------- observations ---------------- */

  @Override
  public Collection<Observation> addObservation(String registrationId, Observation observation, boolean addIfAbsent) {
    String endpoint = index.get(idKey(registrationId));
    if (endpoint == null) {
      throw new IllegalStateException(
          String.format("can not add observation %s there is no registration with id %s", observation, registrationId));
    }
    return locked(
        endpoint,
        () -> {
          String token = observation.getId().getAsHexString();
          byte[] serialized = observationSerDes.serialize(observation);
          if (addIfAbsent) {
            observations.putIfAbsent(token, serialized);
          } else {
            observations.set(token, serialized);
          }
          List<String> tokens = tokensOf(registrationId);
          if (!tokens.contains(token)) {
            tokens.add(token);
          }
          List<Observation> removed = new ArrayList<>();
          for (Observation other : unsafeGetObservations(tokens)) {
            if (samePaths(observation, other) && !observation.getId().equals(other.getId())) {
              removed.add(other);
              String otherToken = other.getId().getAsHexString();
              observations.delete(otherToken);
              tokens.remove(otherToken);
            }
          }
          observationTokens.set(registrationId, tokens.toArray(String[]::new));
          return removed;
        });
  }

  @Override
  public Observation getObservation(String registrationId, ObservationIdentifier observationId) {
    Observation o = getObservation(observationId);
    return o != null && o.getRegistrationId().equals(registrationId) ? o : null;
  }

  @Override
  public Observation getObservation(ObservationIdentifier observationId) {
    byte[] data = observations.get(observationId.getAsHexString());
    return data == null ? null : observationSerDes.deserialize(data);
  }

  @Override
  public Observation removeObservation(String registrationId, ObservationIdentifier observationId) {
    String endpoint = index.get(idKey(registrationId));
    if (endpoint == null) {
      return null;
    }
    return locked(
        endpoint,
        () -> {
          Observation o = getObservation(observationId);
          if (o == null || !registrationId.equals(o.getRegistrationId())) {
            return null;
          }
          String token = observationId.getAsHexString();
          observations.delete(token);
          List<String> tokens = tokensOf(registrationId);
          tokens.remove(token);
          observationTokens.set(registrationId, tokens.toArray(String[]::new));
          return o;
        });
  }

  @Override
  public Collection<Observation> getObservations(String registrationId) {
    return unsafeGetObservations(tokensOf(registrationId));
  }

  @Override
  public Collection<Observation> removeObservations(String registrationId) {
    Registration r = getRegistration(registrationId);
    if (r == null) {
      return List.of();
    }
    return locked(r.getEndpoint(), () -> unsafeRemoveAllObservations(registrationId));
  }

  private List<String> tokensOf(String registrationId) {
    String[] tokens = observationTokens.get(registrationId);
    return tokens == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(tokens));
  }

  private List<Observation> unsafeGetObservations(List<String> tokens) {
    List<Observation> result = new ArrayList<>();
    for (String token : tokens) {
      byte[] data = observations.get(token);
      if (data != null) {
        result.add(observationSerDes.deserialize(data));
      }
    }
    return result;
  }

  private Collection<Observation> unsafeRemoveAllObservations(String registrationId) {
    String[] tokens = observationTokens.remove(registrationId);
    if (tokens == null) {
      return List.of();
    }
    List<Observation> removed = new ArrayList<>();
    for (String token : tokens) {
      byte[] data = observations.remove(token);
      if (data != null) {
        removed.add(observationSerDes.deserialize(data));
      }
    }
    return removed;
  }

  private static boolean samePaths(Observation a, Observation b) {
    if (a instanceof SingleObservation sa && b instanceof SingleObservation sb) {
      return sa.getPath().equals(sb.getPath());
    }
    if (a instanceof CompositeObservation ca && b instanceof CompositeObservation cb) {
      return ca.getPaths().equals(cb.getPaths());
    }
    return false;
  }

  /* ---------------- expiry ---------------- */

  @Override
  public void setExpirationListener(ExpirationListener listener) {
    this.expirationListener = listener;
  }

  @Override
  public synchronized void start() {
    if (cleanerTask == null) {
      long ms = cleanPeriod.toMillis();
      cleanerTask = cleanerExecutor.scheduleAtFixedRate(this::cleanSafely, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (cleanerTask != null) {
      cleanerTask.cancel(false);
      cleanerTask = null;
    }
  }

  @Override
  public synchronized void destroy() {
    stop();
    cleanerExecutor.shutdownNow();
  }

  private void cleanSafely() {
    try {
      cleanExpired();
    } catch (RuntimeException e) {
      LOG.warn("Registration expiry scan failed", e);
    }
  }

  /**
   * Removes expired registrations whose expiry entry this member owns, and reports each to the expiration listener.
   *
   * @return the number of registrations this call expired
   */
  public int cleanExpired() {
    long now = clock.millis();
    int cleaned = 0;
    for (String endpoint : expiry.localKeySet(Predicates.lessThan("this", now))) {
      if (cleaned >= cleanLimit) {
        break;
      }
      Registration r = unsafeGet(endpoint);
      if (r == null) {
        expiry.remove(endpoint, expiry.get(endpoint)); // orphan left by a crashed writer
        continue;
      }
      if (isAlive(r)) {
        continue;
      }
      Deregistration removed = removeRegistration(r.getId(), true);
      if (removed != null) {
        cleaned++;
        ExpirationListener listener = expirationListener;
        if (listener != null) {
          listener.registrationExpired(removed.getRegistration(), removed.getObservations());
        }
      }
    }
    return cleaned;
  }

  private boolean isAlive(Registration r) {
    return r.getExpirationTimeStamp(gracePeriodSeconds) > clock.millis();
  }

  /* ---------------- helpers ---------------- */

  private Registration unsafeGet(String endpoint) {
    byte[] data = registrations.get(endpoint);
    return data == null ? null : registrationSerDes.deserialize(data);
  }

  private void removeIndexIfOwned(String key, String endpoint) {
    // a newer registration of another endpoint may have taken the address: only drop our own entry
    index.remove(key, endpoint);
  }

  private <T> T locked(String endpoint, Supplier<T> action) {
    boolean acquired;
    try {
      acquired =
          locks.tryLock(endpoint, LOCK_WAIT_SECONDS, TimeUnit.SECONDS, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while locking endpoint " + endpoint, e);
    }
    if (!acquired) {
      throw new IllegalStateException("Could not lock endpoint " + endpoint);
    }
    try {
      return action.get();
    } finally {
      locks.unlock(endpoint);
    }
  }

  private static String idKey(String registrationId) {
    return "id:" + registrationId;
  }

  private static String addrKey(InetSocketAddress addr) {
    return "addr:" + addr.getAddress().getHostAddress() + ":" + addr.getPort();
  }

  private String identityKey(LwM2mIdentity identity) {
    return "identity:" + identitySerDes.serialize(identity).toString();
  }
}
