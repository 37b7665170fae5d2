package io.meterhub.platform.consent;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.lwm2m.ObserveTarget;
import io.meterhub.platform.metering.ReadingSink;
import io.meterhub.platform.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent wiring of one node: the service, the ingest filter, the observe attributes, and a cluster-wide change
 * notification (every node hears every change and re-applies observations for the meters whose sessions it holds).
 */
public final class ConsentModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsentModule.class);
  static final String MAP = "meterhub.consent.granularity";

  private final ReplicatedMap<String, String> inForce;
  private final ConsentService service;
  private final MeterRegistry registry;
  private final ExecutorService changes =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "consent-changes");
        t.setDaemon(true);
        return t;
      });
  private GranularityFilter filter;
  private UUID listener;

  public ConsentModule(Database db, AuditLog audit, Predicate<String> meterExists, HazelcastInstance hazelcast,
      Granularity fallback, Clock clock, MeterRegistry registry) {
    this.inForce = hazelcast.getReplicatedMap(MAP);
    this.registry = Objects.requireNonNull(registry, "registry");
    this.service = new ConsentService(new JdbcConsentStore(db), audit, meterExists, inForce, fallback, clock);
    service.publishAll();
  }

  public ConsentService service() {
    return service;
  }

  /** The reading sink that stores no finer data than consented, in front of {@code target}. */
  public synchronized ReadingSink filter(ReadingSink target) {
    filter = new GranularityFilter(target, service::granularity, registry);
    return filter;
  }

  /** The profile's observations with attributes matching the meter's granularity. */
  public List<ObserveTarget> observations(String meterId, List<ObserveTarget> profile) {
    return ConsentObservations.apply(profile, service.granularity(meterId));
  }

  /** Calls {@code changed} (off Hazelcast's event threads) with the meter id whenever any node records consent. */
  public synchronized void onChange(Consumer<String> changed) {
    Objects.requireNonNull(changed, "changed");
    listener = inForce.addEntryListener(new EntryListener<String, String>() {
      @Override
      public void entryAdded(EntryEvent<String, String> event) {
        handle(event.getKey());
      }

      @Override
      public void entryUpdated(EntryEvent<String, String> event) {
        handle(event.getKey());
      }

      @Override
      public void entryRemoved(EntryEvent<String, String> event) {
        handle(event.getKey());
      }

      @Override
      public void entryEvicted(EntryEvent<String, String> event) {}

      @Override
      public void entryExpired(EntryEvent<String, String> event) {}

      @Override
      public void mapCleared(MapEvent event) {}

      @Override
      public void mapEvicted(MapEvent event) {}

      private void handle(String meterId) {
        changes.execute(() -> {
          try {
            GranularityFilter f = filter;
            if (f != null) {
              f.reset(meterId);
            }
            changed.accept(meterId);
          } catch (RuntimeException e) {
            LOG.warn("Applying the consent change of {} failed: {}", meterId, e.toString());
          }
        });
      }
    });
  }

  @Override
  public synchronized void close() {
    if (listener != null) {
      try {
        inForce.removeEntryListener(listener);
      } catch (RuntimeException e) {
        LOG.debug("consent listener not removed: {}", e.toString());
      }
    }
    changes.shutdownNow();
  }
}
