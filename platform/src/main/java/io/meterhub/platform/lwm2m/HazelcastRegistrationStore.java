package io.meterhub.platform.lwm2m;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.meterhub.platform.cluster.ClusterMember;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.Destroyable;
import org.eclipse.leshan.core.Startable;
import org.eclipse.leshan.core.Stoppable;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.ObservationIdentifier;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.server.redis.serialization.LwM2mIdentitySerDes;
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
  private static final int ITERATION_BATCH = 200;

  private final IMap<String, byte[]> registrations;
  private final IMap<String, String> index;
  private final IMap<String, Long> expiry;
  private final ObservationMaps observations;
  private final EndpointLocks locks;
  private final RegistrationSerDes registrationSerDes = new RegistrationSerDes();
  /** Decoded registrations by endpoint; ~3 KB each, so the bound keeps it under ~150 MB on a very large node. */
  private final DecodedCache<Registration> decoded = new DecodedCache<>(registrationSerDes::deserialize, 50_000);
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
    this.observations =
        new ObservationMaps(
            hazelcast.getMap(ClusterMember.OBSERVATIONS), hazelcast.getMap(ClusterMember.OBSERVATION_TOKENS));
    this.locks = new EndpointLocks(hazelcast.getMap(ClusterMember.REGISTRATION_LOCKS));
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
    return locks.locked(
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
          return new Deregistration(old, observations.removeAll(old.getId()));
        });
  }

  @Override
  public UpdatedRegistration updateRegistration(RegistrationUpdate update) {
    String endpoint = index.get(idKey(update.getRegistrationId()));
    if (endpoint == null) {
      return null;
    }
    return locks.locked(
        endpoint,
        () -> {
          Registration current = lockedGet(endpoint);
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
    return locks.locked(
        endpoint,
        () -> {
          Registration r = lockedGet(endpoint);
          if (r == null || !r.getId().equals(registrationId)) {
            return null;
          }
          if (onlyIfExpired && isAlive(r)) {
            return null;
          }
          registrations.delete(endpoint);
          decoded.forget(endpoint);
          index.delete(idKey(registrationId));
          removeIndexIfOwned(addrKey(r.getSocketAddress()), endpoint);
          removeIndexIfOwned(identityKey(r.getClientTransportData().getIdentity()), endpoint);
          expiry.delete(endpoint);
          return new Deregistration(r, observations.removeAll(registrationId));
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
    return locks.locked(endpoint, () -> observations.put(registrationId, observation, addIfAbsent));
  }

  @Override
  public Observation getObservation(String registrationId, ObservationIdentifier observationId) {
    Observation o = observations.get(observationId);
    return o != null && o.getRegistrationId().equals(registrationId) ? o : null;
  }

  @Override
  public Observation getObservation(ObservationIdentifier observationId) {
    return observations.get(observationId);
  }

  @Override
  public Observation removeObservation(String registrationId, ObservationIdentifier observationId) {
    String endpoint = index.get(idKey(registrationId));
    if (endpoint == null) {
      return null;
    }
    return locks.locked(endpoint, () -> observations.remove(registrationId, observationId));
  }

  @Override
  public Collection<Observation> getObservations(String registrationId) {
    return observations.of(registrationId);
  }

  @Override
  public Collection<Observation> removeObservations(String registrationId) {
    Registration r = getRegistration(registrationId);
    if (r == null) {
      return List.of();
    }
    return locks.locked(r.getEndpoint(), () -> observations.removeAll(registrationId));
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
      Registration r = lockedGet(endpoint);
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

  /** For reads without the endpoint's lock: may come from this member's near cache (ClusterMember). */
  private Registration unsafeGet(String endpoint) {
    return decoded.decode(endpoint, registrations.get(endpoint));
  }

  /**
   * For decisions under the endpoint's lock (and the expiry scan's): read from the entry's partition, past the near
   * cache, whose copy may still await the invalidation of another member's write.
   */
  private Registration lockedGet(String endpoint) {
    EntryView<String, byte[]> current = registrations.getEntryView(endpoint);
    return decoded.decode(endpoint, current == null ? null : current.getValue());
  }

  private void removeIndexIfOwned(String key, String endpoint) {
    // a newer registration of another endpoint may have taken the address: only drop our own entry
    index.remove(key, endpoint);
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
