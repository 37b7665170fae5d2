package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newBooleanResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newDateResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newFloatResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newIntegerResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newStringResource;

import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.junit.jupiter.api.Test;

class MeterNodeDecoderTest {

  private static final Instant AT = Instant.parse("2026-12-04T10:15:00Z");

  private static LwM2mObjectInstance singlePhase(String tension) {
    return new LwM2mObjectInstance(
        0,
        newStringResource(0, "Kamstrup-like"),
        newStringResource(4, tension),
        newFloatResource(5, 5.2),
        newFloatResource(6, 1.19),
        newFloatResource(11, 0.98),
        newFloatResource(14, 1234.5675),
        newFloatResource(17, 50.01));
  }

  @Test
  void singlePhaseInstanceMapsEveryMeasurementAndParsesTheStringTension() {
    MeterReading reading =
        MeterNodeDecoder.reading(new LwM2mPath(10243, 0), singlePhase("229.8"), AT).orElseThrow();

    assertThat(reading.timestamp()).isEqualTo(AT);
    assertThat(reading.voltageV()).isEqualTo(229.8);
    assertThat(reading.currentA()).isEqualTo(5.2);
    assertThat(reading.activePowerKw()).isEqualTo(1.19);
    assertThat(reading.powerFactor()).isEqualTo(0.98);
    assertThat(reading.frequencyHz()).isEqualTo(50.01);
    assertThat(reading.activeEnergyWh()).isEqualTo(1_234_568L); // 1234567.5 Wh rounded half-up
    assertThat(reading.phases()).isNull();
    assertThat(reading.tou()).isNull();
  }

  @Test
  void unparseableTensionIsSkippedNotThrown() {
    MeterReading reading = MeterNodeDecoder.reading(new LwM2mPath(10243, 0), singlePhase("abc"), AT).orElseThrow();
    assertThat(reading.voltageV()).isNull();
    assertThat(reading.currentA()).isEqualTo(5.2);

    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/4"), newStringResource(4, "abc"), AT)).isEmpty();
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/4"), newStringResource(4, "NaN"), AT)).isEmpty();
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/4"), newStringResource(4, ""), AT)).isEmpty();
  }

  @Test
  void singleResourcesAndObjectNodesAreDecodedToo() {
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/4"), newStringResource(4, " 231.05 "), AT))
        .map(MeterReading::voltageV)
        .contains(231.05);
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/14"), newFloatResource(14, 0.0005), AT))
        .map(MeterReading::activeEnergyWh)
        .contains(1L);
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/14"), newFloatResource(14, 0.0004), AT))
        .map(MeterReading::activeEnergyWh)
        .contains(0L);
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/5"), newIntegerResource(5, 7), AT))
        .map(MeterReading::currentA)
        .contains(7.0);
    LwM2mObject object = new LwM2mObject(10243, singlePhase("230"));
    assertThat(MeterNodeDecoder.reading(new LwM2mPath(10243), object, AT)).map(MeterReading::voltageV).contains(230.0);
  }

  @Test
  void nodesWithoutMeasurementsGiveNothing() {
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/10243/0/0"), newStringResource(0, "maker"), AT)).isEmpty();
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/3/0/1"), newStringResource(1, "KPM31"), AT)).isEmpty();
    assertThat(MeterNodeDecoder.reading(new LwM2mPath(3312, 0), relayInstance(true), AT)).isEmpty();
    // a node that does not match its path is not guessed at
    assertThat(MeterNodeDecoder.reading(new LwM2mPath(10243, 0), newFloatResource(5, 1.0), AT)).isEmpty();
  }

  @Test
  void threePhaseInstanceFillsPhasesAndL1Totals() {
    LwM2mObjectInstance instance =
        new LwM2mObjectInstance(
            0,
            newFloatResource(4, 230.1),
            newFloatResource(5, 10.5),
            newFloatResource(6, 2.4),
            newFloatResource(14, 229.7),
            newFloatResource(15, 11.0),
            newFloatResource(16, 2.5),
            newFloatResource(24, 231.2),
            newFloatResource(25, 9.5),
            newFloatResource(26, 2.1),
            newFloatResource(34, 7.0),
            newFloatResource(39, 0.95),
            newFloatResource(41, 98765.4321),
            newFloatResource(49, 49.98),
            newFloatResource(50, 0.7));

    MeterReading reading = MeterNodeDecoder.reading(new LwM2mPath(10242, 0), instance, AT).orElseThrow();

    assertThat(reading.phases())
        .isEqualTo(new PhaseValues(230.1, 229.7, 231.2, 10.5, 11.0, 9.5, 2.4, 2.5, 2.1, 0.7));
    assertThat(reading.voltageV()).isEqualTo(230.1);
    assertThat(reading.currentA()).isEqualTo(10.5);
    assertThat(reading.activePowerKw()).isEqualTo(7.0);
    assertThat(reading.powerFactor()).isEqualTo(0.95);
    assertThat(reading.frequencyHz()).isEqualTo(49.98);
    assertThat(reading.activeEnergyWh()).isEqualTo(98_765_432L);

    MeterReading onlyEnergy =
        MeterNodeDecoder.reading(new LwM2mPath("/10242/0/41"), newFloatResource(41, 1.0), AT).orElseThrow();
    assertThat(onlyEnergy.phases()).isNull();
    assertThat(onlyEnergy.activeEnergyWh()).isEqualTo(1000L);
  }

  @Test
  void tariffRegistersFillTou() {
    Instant maxAt = Instant.parse("2026-11-20T18:45:00Z");
    LwM2mObjectInstance instance =
        new LwM2mObjectInstance(
            0,
            newFloatResource(0, 10.0004),
            newFloatResource(1, 200.5),
            newFloatResource(2, 300.25),
            newFloatResource(3, 400.0),
            newFloatResource(4, 6.3),
            newDateResource(5, Date.from(maxAt)));

    MeterReading reading = MeterNodeDecoder.reading(new LwM2mPath(26241, 0), instance, AT).orElseThrow();

    assertThat(reading.tou()).isEqualTo(new TouRegisters(10_000L, 200_500L, 300_250L, 400_000L, 6.3, maxAt));
    assertThat(reading.activeEnergyWh()).isNull();
    assertThat(MeterNodeDecoder.reading(new LwM2mPath("/26241/0/1"), newFloatResource(1, 2.0), AT))
        .map(r -> r.tou().peakWh())
        .contains(2000L);
  }

  @Test
  void severalNodesOfOneReportMergeIntoOneReading() {
    Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
    nodes.put(new LwM2mPath("/10243/0/4"), newStringResource(4, "229.8"));
    nodes.put(new LwM2mPath("/10243/0/14"), newFloatResource(14, 12.0));
    nodes.put(new LwM2mPath("/26241/0/0"), newFloatResource(0, 3.0));
    nodes.put(new LwM2mPath("/3/0/1"), newStringResource(1, "KPM31"));

    MeterReading reading = MeterNodeDecoder.reading(nodes, AT).orElseThrow();

    assertThat(reading.voltageV()).isEqualTo(229.8);
    assertThat(reading.activeEnergyWh()).isEqualTo(12_000L);
    assertThat(reading.tou().sharpWh()).isEqualTo(3000L);
    assertThat(MeterNodeDecoder.reading(Map.of(new LwM2mPath("/3/0/1"), newStringResource(1, "x")), AT)).isEmpty();
  }

  private static LwM2mObjectInstance relayInstance(boolean on) {
    return new LwM2mObjectInstance(0, newBooleanResource(5850, on), newFloatResource(5805, 12.0));
  }

  @Test
  void relayStateComesFromInstanceZeroOrTheOnOffResource() {
    assertThat(MeterNodeDecoder.relay(new LwM2mPath(3312, 0), relayInstance(true))).contains(RelayState.CLOSED);
    assertThat(MeterNodeDecoder.relay(new LwM2mPath(3312, 0), relayInstance(false))).contains(RelayState.OPEN);
    assertThat(MeterNodeDecoder.relay(new LwM2mPath("/3312/0/5850"), newBooleanResource(5850, false)))
        .contains(RelayState.OPEN);
    assertThat(MeterNodeDecoder.relay(new LwM2mPath("/3312/0/5850"), newIntegerResource(5850, 1)))
        .contains(RelayState.CLOSED);

    assertThat(MeterNodeDecoder.relay(new LwM2mPath("/3312/0/5850"), newStringResource(5850, "maybe"))).isEmpty();
    assertThat(MeterNodeDecoder.relay(new LwM2mPath("/3312/0/5851"), newIntegerResource(5851, 1))).isEmpty();
    assertThat(MeterNodeDecoder.relay(new LwM2mPath(3312, 1), relayInstance(true))).isEmpty();
    assertThat(MeterNodeDecoder.relay(new LwM2mPath(3312, 0), new LwM2mObjectInstance(0, newFloatResource(5805, 1))))
        .isEmpty();
    assertThat(MeterNodeDecoder.relay(new LwM2mPath(10243, 0), singlePhase("230"))).isEmpty();
  }

  private static LwM2mObjectInstance event(int id, long code, Instant at, long seq, Double value, Long phase) {
    List<org.eclipse.leshan.core.node.LwM2mResource> resources =
        new java.util.ArrayList<>(
            List.of(newIntegerResource(0, code), newDateResource(1, Date.from(at)), newIntegerResource(2, seq)));
    if (value != null) {
      resources.add(newFloatResource(3, value));
    }
    if (phase != null) {
      resources.add(newIntegerResource(4, phase));
    }
    return new LwM2mObjectInstance(id, resources);
  }

  @Test
  void eventsObjectGivesEveryCompleteRecordInSequenceOrder() {
    Instant t1 = Instant.parse("2026-12-04T08:00:00Z");
    Instant t2 = Instant.parse("2026-12-04T08:00:05Z");
    LwM2mObject object =
        new LwM2mObject(
            26243,
            event(1, 402, t2, 42, null, null),
            event(0, 101, t1, 41, 12.5, 1L),
            event(2, 777, t2, 43, null, null),
            new LwM2mObjectInstance(3, newIntegerResource(0, 201))); // no time, no sequence: skipped

    List<MeterEventRecord> events = MeterNodeDecoder.events(new LwM2mPath(26243), object);

    assertThat(events)
        .containsExactly(
            new MeterEventRecord(101, EventCode.VOLTAGE_LOSS_L1, t1, 41, 12.5, 1),
            new MeterEventRecord(402, EventCode.POWER_RESTORED, t2, 42, null, null),
            new MeterEventRecord(777, EventCode.UNKNOWN, t2, 43, null, null));
  }

  @Test
  void eventInstanceAndSentResourcesAreDecoded() {
    Instant t = Instant.parse("2026-12-04T09:30:00Z");
    assertThat(MeterNodeDecoder.events(new LwM2mPath(26243, 5), event(5, 502, t, 7, null, null)))
        .containsExactly(new MeterEventRecord(502, EventCode.RELAY_OPENED_REMOTE, t, 7, null, null));

    Map<LwM2mPath, LwM2mNode> sent = new LinkedHashMap<>();
    sent.put(new LwM2mPath("/26243/9/0"), newIntegerResource(0, 203));
    sent.put(new LwM2mPath("/26243/9/1"), newDateResource(1, Date.from(t)));
    sent.put(new LwM2mPath("/26243/9/2"), newIntegerResource(2, 100));
    sent.put(new LwM2mPath("/26243/9/4"), newIntegerResource(4, 9)); // no such phase: dropped, event kept
    sent.put(new LwM2mPath("/10243/0/4"), newStringResource(4, "230"));
    assertThat(MeterNodeDecoder.events(sent))
        .containsExactly(new MeterEventRecord(203, EventCode.MAGNETIC_TAMPER, t, 100, null, null));
  }

  @Test
  void nonEventNodesGiveNoEvents() {
    assertThat(MeterNodeDecoder.events(new LwM2mPath("/26243/0/0"), newIntegerResource(0, 101))).isEmpty();
    assertThat(MeterNodeDecoder.events(new LwM2mPath(10243, 0), singlePhase("230"))).isEmpty();
    assertThat(
            MeterNodeDecoder.events(
                new LwM2mPath(26243, 0),
                new LwM2mObjectInstance(0, newStringResource(0, "abc"), newIntegerResource(2, 1))))
        .isEmpty();
  }

  @Test
  void energyRoundingIsHalfUpOnTheDecimalValue() {
    assertThat(NodeValues.kwhToWh(0.0015)).isEqualTo(2L);
    assertThat(NodeValues.kwhToWh("1.2345")).isEqualTo(1235L);
    assertThat(NodeValues.kwhToWh(1e20)).isNull();
    assertThat(NodeValues.toDouble("1e3")).isCloseTo(1000.0, within(1e-9));
    assertThat(NodeValues.toDouble("0x10")).isNull();
    assertThat(NodeValues.toDouble("229.8d")).isNull();
  }
}
