package io.meterhub.loadtest;

import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.ClientConfigurations;
import io.meterhub.models.client.ClientExecutors;
import io.meterhub.models.client.SimulatedMeter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated meters of one run: real Leshan clients sharing two thread pools and one Californium configuration
 * (about one thread per meter: its DTLS receiver), spread over the local bind addresses.
 */
public final class Fleet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

  private final ScenarioSettings settings;
  private final Results results;
  private final ClientExecutors executors;
  private final Configuration configuration = ClientConfigurations.lightweight();
  private final List<SimMeter> meters = new CopyOnWriteArrayList<>();

  public Fleet(ScenarioSettings settings, Results results) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.results = Objects.requireNonNull(results, "results");
    this.executors = ClientExecutors.create("sim", settings.engineThreads(), settings.ioThreads());
  }

  /**
   * Times, ten times a second, how long a task waits in the meters' shared I/O pool, where every meter's DTLS records
   * and CoAP exchanges queue (a relay write from the platform among them): the simulator's own share of a command's
   * round trip, as {@code simulatorIoQueue} and {@code simulatorIoQueue.<phase>}.
   */
  public void probeIoQueue(Supplier<String> phase) {
    executors.io().scheduleWithFixedDelay(() -> {
      long queued = System.nanoTime();
      String name = "simulatorIoQueue";
      String inPhase = name + "." + phase.get();
      executors.io().execute(() -> {
        Duration waited = Duration.ofNanos(System.nanoTime() - queued);
        results.latency(name, waited);
        results.latency(inPhase, waited);
      });
    }, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Builds (does not start) a meter aimed at {@code server} with PSK {@code keyHex}. */
  public SimMeter add(MeterIdentity identity, URI server, SimMeter.Role role, String keyHex, boolean refuseRelay) {
    List<InetAddress> binds = settings.bindAddresses();
    var b =
        SimulatedMeter.builder()
            .endpoint(identity.id())
            .profile(ProductProfiles.find(identity.model()).orElseThrow())
            .serverUri(server)
            .psk(identity.pskIdentity(), keyHex)
            .lifetime(Duration.ofMinutes(10))
            .executors(executors)
            .configuration(configuration)
            .requestTimeout(Duration.ofSeconds(60));
    if (!binds.isEmpty()) {
      b.bindAddress(binds.get(identity.index() % binds.size()));
    }
    SimMeter meter = new SimMeter(identity, role, b.build(), refuseRelay, results);
    meters.add(meter);
    return meter;
  }

  /** Starts the meters at {@code perSecond}, pacing from the calling thread; returns when all were started. */
  public static void startPaced(List<SimMeter> toStart, double perSecond) {
    long interval = (long) (1_000_000_000L / perSecond);
    long next = System.nanoTime();
    for (SimMeter meter : toStart) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      meter.start();
      next += interval;
    }
  }

  public List<SimMeter> meters() {
    return List.copyOf(meters);
  }

  /** Meters currently registered. */
  public long registered() {
    return meters.stream().filter(SimMeter::registered).count();
  }

  /** Stops and destroys every meter (deregistering, in parallel) and the shared pools. */
  @Override
  public void close() {
    ExecutorService closer = Executors.newFixedThreadPool(32);
    for (SimMeter meter : meters) {
      closer.execute(
          () -> {
            try {
              meter.meter().close();
            } catch (RuntimeException e) {
              LOG.debug("closing {}: {}", meter.identity().id(), e.toString());
            }
          });
    }
    closer.shutdown();
    try {
      if (!closer.awaitTermination(5, TimeUnit.MINUTES)) {
        LOG.warn("Meters still closing after 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executors.close();
  }
}
