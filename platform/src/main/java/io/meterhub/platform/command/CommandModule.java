package io.meterhub.platform.command;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.command.PendingOps.Swept;
import io.meterhub.platform.lwm2m.DeviceDownlink;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStatus;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.store.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command pipeline of one node, wired: {@link #commands()} and {@link #batches()} for callers,
 * {@link #traffic(DeviceTrafficHandler)} to wrap the node's LwM2M traffic handler, and {@link #start(DeviceDownlink)}
 * once the LwM2M server exists. Closing stops this node's part; pending commands stay in the cluster.
 */
public final class CommandModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandModule.class);

  private final CommandSettings settings;
  private final Clock clock;
  private final PendingCommands pending;
  private final CommandRecorder recorder;
  private final CommandRouter router;
  private final LocalRelayWatch relayWatch = new LocalRelayWatch();
  private final AwaitingContact awaiting = new AwaitingContact();
  private final CommandStore store;
  private final HazelcastInstance hazelcast;
  private final ExecutorService workers;
  private final ScheduledExecutorService sweeper;
  private final DeliveryScheduler scheduler;
  private final AtomicReference<DeviceDownlink> downlink = new AtomicReference<>();
  private final MeterLiveState live;
  private final CommandPipeline service;
  private final RelayBatchService batches;

  /** Wires the pipeline; nothing is delivered before {@link #start(DeviceDownlink)}. */
  public CommandModule(
      CommandStore store,
      MeterStore meters,
      MeterLiveState live,
      AuditLog audit,
      HazelcastInstance hazelcast,
      String nodeName,
      MeterRegistry metrics,
      CommandSettings settings,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.live = Objects.requireNonNull(live, "live");
    this.pending = new PendingCommands(hazelcast);
    Map<String, CommandExecutor> executors =
        Map.of(RelayCommand.TYPE, new RelayCommand(), DisplayCommand.TYPE, new DisplayCommand());
    Set<String> quietTypes =
        executors.values().stream()
            .filter(e -> !e.auditsEveryStep())
            .map(CommandExecutor::type)
            .collect(Collectors.toSet());
    this.recorder = new CommandRecorder(store, audit, metrics, quietTypes);
    this.router = new CommandRouter(hazelcast, nodeName, live);
    this.workers = Executors.newFixedThreadPool(settings.workerThreads(), daemon("meterhub-command-" + nodeName));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("meterhub-command-sweep-" + nodeName));
    CommandDelivery delivery =
        new CommandDelivery(
            pending, recorder, executors, router, relayWatch, awaiting, downlink::get, workers, settings, clock);
    this.scheduler =
        new DeliveryScheduler(nodeName, settings.maxInFlight(), delivery::deliver);
    delivery.scheduler(scheduler);
    this.service = new CommandPipeline(store, meters, pending, recorder, executors, router, settings, clock);
    this.batches = new RelayBatchService(service, store, meters, audit, clock);
  }

  public CommandService commands() {
    return service;
  }

  public RelayBatchService batches() {
    return batches;
  }

  /**
   * Calls {@code listener} after a command this node delivered, expired or cancelled reached its final state (stored
   * first). Runs on a command worker; blocking is allowed, but keep it short. Each node reports what it finished, so
   * every final state is reported once, by one node (a crash between storing and reporting loses the report: pair it
   * with a look-up through {@link CommandService#get}).
   */
  public void onFinished(java.util.function.Consumer<Command> listener) {
    recorder.onFinished(Objects.requireNonNull(listener, "listener"));
  }

  /** The node's traffic handler with the pipeline's hooks added (delivery on contact, local relay changes). */
  public DeviceTrafficHandler traffic(DeviceTrafficHandler delegate) {
    return new CommandTraffic(delegate, router, scheduler::kick, awaiting, relayWatch, recorder, workers, clock);
  }

  /** Starts delivering through {@code device} and listening for commands routed to this node. */
  public void start(DeviceDownlink device) {
    if (!downlink.compareAndSet(null, Objects.requireNonNull(device, "device"))) {
      throw new IllegalStateException("already started");
    }
    restoreAfterRestart();
    router.start(scheduler::kick);
    long period = settings.sweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Pending commands live in Hazelcast, which forgets them when the whole cluster stops; SQL still holds them as
   * pending or sent. The first member of a (re)started cluster queues them again, in creation order, so a disconnect
   * or reconnect ordered before a restart is still delivered (or expires at its deadline). Members joining a running
   * cluster find the queues intact and restore nothing; queueing is idempotent per command id either way.
   */
  private void restoreAfterRestart() {
    if (hazelcast.getCluster().getMembers().size() > 1) {
      return;
    }
    Instant now = Jdbc.storable(clock.instant());
    int restored = 0;
    for (Command command : store.unfinished()) {
      Command waiting =
          command.status() == CommandStatus.PENDING
              ? command
              : command.withStatus(CommandStatus.PENDING, now, null);
      pending.enqueue(waiting, null);
      restored++;
    }
    if (restored > 0) {
      LOG.info("Requeued {} unfinished commands from the database after a restart", restored);
    }
  }

  /** Expires what is overdue in the queues; routes the meters with something due that this node is not working on. */
  private void sweep() {
    try {
      Instant now = Jdbc.storable(clock.instant());
      Map<String, Swept> swept = pending.sweep(now, now.minus(settings.staleSentAfter()));
      List<String> due = new ArrayList<>();
      swept.forEach(
          (meterId, result) -> {
            for (Command c : result.expired()) {
              recorder.finished(
                  c.withStatus(CommandStatus.EXPIRED, now, "not delivered before its deadline"),
                  CommandRecorder.SYSTEM_ACTOR);
            }
            if (result.deliverable() && !scheduler.inHand(meterId)) {
              due.add(meterId);
            }
          });
      if (!due.isEmpty()) {
        Map<String, MeterStatus> statuses = live.getAll(due);
        for (String meterId : due) {
          MeterStatus status = statuses.get(meterId);
          router.route(meterId, status != null ? status : MeterStatus.unknown(meterId));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Command sweep failed: {}", e.toString());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    router.close();
    sweeper.shutdownNow();
    scheduler.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
