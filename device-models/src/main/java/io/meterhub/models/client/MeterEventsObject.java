package io.meterhub.models.client;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.models.MeterObjectModels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * meterhub 26243 Meter Events: the meter's event log, a ring of {@code capacity} slots as on a real meter. Slot (and
 * instance id) {@code n mod capacity} holds the n-th event raised; once every slot is in use, a new event overwrites
 * the oldest in place. Each raised event gets the next per-meter sequence number (32-bit, wrapping) and the clock's
 * time. Servers cannot create instances; events only come from the meter.
 *
 * <p>Why fixed slots: a new instance changes the meter's object links, which Leshan announces with a registration
 * Update, and a server refuses a Send naming an instance it has not heard of. With a fixed ring only the first
 * {@code capacity} events cost an Update; afterwards each event is one Send (measured: the node's requests per event
 * halve, see BENCHMARKS.md "Meter events").
 */
public final class MeterEventsObject extends ObjectEnabler {

  private final Clock clock;
  private final int capacity;
  private final ArrayDeque<Raised> recent = new ArrayDeque<>();
  private long nextSequence;
  private long nextOrdinal;
  private long acknowledgedOrdinal = -1;

  /**
   * @param clock time source of Occurred At
   * @param capacity how many events the meter keeps (1..1000)
   * @param firstSequence sequence number of the first event raised (0..2^32-1), e.g. to continue after a restart
   */
  public MeterEventsObject(Clock clock, int capacity, long firstSequence) {
    super(
        MeterObjectModels.METER_EVENTS,
        MeterObjectModels.model().getObjectModel(MeterObjectModels.METER_EVENTS),
        new HashMap<>(),
        new BaseInstanceEnablerFactory() {
          @Override
          public LwM2mInstanceEnabler create() {
            throw new UnsupportedOperationException("meter events are raised by the meter only");
          }
        },
        ContentFormat.DEFAULT);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (capacity < 1 || capacity > 1000) {
      throw new IllegalArgumentException("capacity must be 1..1000: " + capacity);
    }
    if (firstSequence < 0 || firstSequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sequence must be 0..2^32-1: " + firstSequence);
    }
    this.capacity = capacity;
    this.nextSequence = firstSequence;
  }

  /** Raises a catalogued event now; value and phase may be null. */
  public MeterEventRecord raise(EventCode code, Double value, Integer phase) {
    Objects.requireNonNull(code, "code");
    if (code == EventCode.UNKNOWN) {
      throw new IllegalArgumentException("raise a raw code to simulate an uncatalogued event");
    }
    return raise(code.code(), value, phase);
  }

  /** Raises an event with any code (also uncatalogued ones) now; value and phase may be null. */
  public synchronized MeterEventRecord raise(int rawCode, Double value, Integer phase) {
    // Time resources travel in whole seconds: keep the record equal to what the platform will decode.
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    long sequence = nextSequence;
    nextSequence = (nextSequence + 1) & 0xFFFF_FFFFL;
    MeterEventRecord record =
        new MeterEventRecord(rawCode, EventCode.fromCode(rawCode), now, sequence, value, phase);
    int slot = (int) (nextOrdinal % capacity);
    recent.addLast(new Raised(slot, nextOrdinal++, record));
    if (recent.size() > capacity) {
      recent.removeFirst();
    }
    if (getInstance(slot) instanceof EventInstance used) {
      used.record = record;
    } else {
      EventInstance instance = new EventInstance(slot, record);
      instance.setModel(getObjectModel());
      instance.setLwM2mClient(getLwm2mClient());
      addInstance(slot, instance);
    }
    // A new slot is only announced in a registration Update, and an overwritten one changes no object link at all;
    // LwM2M 1.0 meters report events through an Observe of /26243, which must hear of the new event as a change.
    fireResourcesChanged(new LwM2mPath(getId(), slot));
    return record;
  }

  /** The events the meter still keeps, oldest first. */
  public synchronized List<MeterEventRecord> recent() {
    return recent.stream().map(Raised::record).toList();
  }

  /** Paths ({@code /26243/i}) of kept events not yet {@link #acknowledge acknowledged}, oldest first. */
  synchronized List<String> unacknowledgedPaths() {
    List<String> paths = new ArrayList<>();
    for (Raised raised : recent) {
      if (raised.ordinal() > acknowledgedOrdinal) {
        paths.add("/" + MeterObjectModels.METER_EVENTS + "/" + raised.slot());
      }
    }
    return paths;
  }

  /** A mark for the events raised so far, to pass to {@link #acknowledge(long)} once they were delivered. */
  synchronized long newestOrdinal() {
    return nextOrdinal - 1;
  }

  /**
   * Announces the kept instances again, which makes Leshan send a registration Update with the current object links.
   * Needed when two events are raised while an Update is in flight: Leshan then drops the second Update, and the
   * server keeps refusing Sends naming the newest instance.
   */
  synchronized void announceInstances() {
    fireInstancesAdded(recent.stream().mapToInt(Raised::slot).toArray());
  }

  /** Events up to the mark were delivered: they leave {@link #unacknowledgedPaths()}. */
  synchronized void acknowledge(long ordinal) {
    acknowledgedOrdinal = Math.max(acknowledgedOrdinal, ordinal);
  }

  @Override
  protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
    return CreateResponse.methodNotAllowed();
  }

  private record Raised(int slot, long ordinal, MeterEventRecord record) {}

  /** One slot of the log: the event it holds now. */
  private static final class EventInstance extends BaseInstanceEnabler {

    private static final List<Integer> ALWAYS = List.of(0, 1, 2);
    private volatile MeterEventRecord record;

    EventInstance(int instanceId, MeterEventRecord record) {
      super(instanceId);
      this.record = record;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
      MeterEventRecord record = this.record;
      return switch (resourceId) {
        case 0 -> ReadResponse.success(resourceId, (long) record.rawCode());
        case 1 -> ReadResponse.success(resourceId, Date.from(record.occurredAt()));
        case 2 -> ReadResponse.success(resourceId, record.sequence());
        case 3 -> record.value() == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, record.value());
        case 4 ->
            record.phase() == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, (long) record.phase());
        default -> super.read(server, resourceId);
      };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
      MeterEventRecord record = this.record;
      List<Integer> ids = new ArrayList<>(ALWAYS);
      if (record.value() != null) {
        ids.add(3);
      }
      if (record.phase() != null) {
        ids.add(4);
      }
      return ids;
    }
  }
}
