package io.meterhub.platform.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.meterhub.models.MeterReading;
import io.meterhub.models.RelayState;
import io.meterhub.platform.meter.MeterStatus;
import java.io.IOException;
import java.time.Instant;

/**
 * Hazelcast's format for {@link MeterStatus}, the live state every reading updates and every command delivery reads.
 *
 * <p>Why not Java serialization: even a read on this member copies the value out of its partition (serialize, then
 * deserialize), and Java serialization writes the class descriptors of the status, reading, phases and registers
 * each time. Profiled in the load test's top-up storm with the meters quiet, those copies were 7 % of the node's CPU
 * (BENCHMARKS.md, ninth session).
 *
 * <p>Every field is written in record order, nullable ones behind a presence flag. A new component of one of these
 * records breaks the canonical constructor calls below (or fails {@code MeterStatusSerializerTest}, which fills every
 * component); bump {@link #VERSION} when the layout changes, since members of a cluster may run different builds.
 * Values an older build wrote with Java serialization still read (the record stays {@code Serializable}); an older
 * member cannot read this format, so a cluster moves to it with all members restarted.
 */
final class MeterStatusSerializer implements StreamSerializer<MeterStatus> {

  /** Hazelcast type id of this serializer (positive, unique among the member's custom serializers). */
  static final int TYPE_ID = 1001;
  private static final byte VERSION = 1;

  @Override
  public int getTypeId() {
    return TYPE_ID;
  }

  @Override
  public void write(ObjectDataOutput out, MeterStatus s) throws IOException {
    out.writeByte(VERSION);
    out.writeString(s.meterId());
    out.writeBoolean(s.online());
    writeInstant(out, s.lastSeen());
    out.writeString(s.relay() == null ? null : s.relay().name());
    writeReading(out, s.latest());
    out.writeString(s.node());
    MeterStatus.Radio radio = s.radio();
    out.writeBoolean(radio != null);
    if (radio != null) {
      out.writeLong(radio.signalStrengthDbm());
      writeLong(out, radio.linkQuality());
      writeInstant(out, radio.at());
    }
  }

  @Override
  public MeterStatus read(ObjectDataInput in) throws IOException {
    byte version = in.readByte();
    if (version != VERSION) {
      throw new HazelcastSerializationException("MeterStatus format " + version + " is not known to this build");
    }
    String meterId = in.readString();
    boolean online = in.readBoolean();
    Instant lastSeen = readInstant(in);
    String relay = in.readString();
    MeterReading latest = readReading(in);
    String node = in.readString();
    MeterStatus.Radio radio = in.readBoolean()
        ? new MeterStatus.Radio(in.readLong(), readLong(in), readInstant(in))
        : null;
    return new MeterStatus(meterId, online, lastSeen, relay == null ? null : RelayState.valueOf(relay), latest, node,
        radio);
  }

  private static void writeReading(ObjectDataOutput out, MeterReading r) throws IOException {
    out.writeBoolean(r != null);
    if (r == null) {
      return;
    }
    writeInstant(out, r.timestamp());
    writeLong(out, r.activeEnergyWh());
    writeDouble(out, r.voltageV());
    writeDouble(out, r.currentA());
    writeDouble(out, r.activePowerKw());
    writeDouble(out, r.powerFactor());
    writeDouble(out, r.frequencyHz());
    MeterReading.PhaseValues p = r.phases();
    out.writeBoolean(p != null);
    if (p != null) {
      writeDouble(out, p.voltageL1V());
      writeDouble(out, p.voltageL2V());
      writeDouble(out, p.voltageL3V());
      writeDouble(out, p.currentL1A());
      writeDouble(out, p.currentL2A());
      writeDouble(out, p.currentL3A());
      writeDouble(out, p.activePowerL1Kw());
      writeDouble(out, p.activePowerL2Kw());
      writeDouble(out, p.activePowerL3Kw());
      writeDouble(out, p.neutralCurrentA());
    }
    MeterReading.TouRegisters t = r.tou();
    out.writeBoolean(t != null);
    if (t != null) {
      writeLong(out, t.sharpWh());
      writeLong(out, t.peakWh());
      writeLong(out, t.flatWh());
      writeLong(out, t.valleyWh());
      writeDouble(out, t.maxDemandKw());
      writeInstant(out, t.maxDemandAt());
    }
  }

  private static MeterReading readReading(ObjectDataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Instant timestamp = readInstant(in);
    Long energy = readLong(in);
    Double voltage = readDouble(in);
    Double current = readDouble(in);
    Double power = readDouble(in);
    Double powerFactor = readDouble(in);
    Double frequency = readDouble(in);
    MeterReading.PhaseValues phases = in.readBoolean()
        ? new MeterReading.PhaseValues(readDouble(in), readDouble(in), readDouble(in), readDouble(in),
            readDouble(in), readDouble(in), readDouble(in), readDouble(in), readDouble(in), readDouble(in))
        : null;
    MeterReading.TouRegisters tou = in.readBoolean()
        ? new MeterReading.TouRegisters(readLong(in), readLong(in), readLong(in), readLong(in), readDouble(in),
            readInstant(in))
        : null;
    return new MeterReading(timestamp, energy, voltage, current, power, powerFactor, frequency, phases, tou);
  }

  private static void writeInstant(ObjectDataOutput out, Instant value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value.getEpochSecond());
      out.writeInt(value.getNano());
    }
  }

  private static Instant readInstant(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void writeLong(ObjectDataOutput out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Long readLong(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  private static void writeDouble(ObjectDataOutput out, Double value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeDouble(value);
    }
  }

  private static Double readDouble(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? in.readDouble() : null;
  }
}
