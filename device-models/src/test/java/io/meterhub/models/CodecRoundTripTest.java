package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newDateResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newFloatResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newIntegerResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newStringResource;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.LwM2mModelRepository;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a meter encodes with our models, Leshan decodes and MeterNodeDecoder understands. */
class CodecRoundTripTest {

  private static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");
  private static final LwM2mPath METER_INSTANCE = new LwM2mPath(10243, 0);

  private final DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
  private final DefaultLwM2mDecoder decoder = new DefaultLwM2mDecoder();

  private static LwM2mObjectInstance meterInstance() {
    return new LwM2mObjectInstance(
        0,
        newStringResource(4, "229.8"),
        newFloatResource(5, 4.75),
        newFloatResource(6, 1.07),
        newFloatResource(11, 0.97),
        newFloatResource(14, 5120.0125),
        newFloatResource(17, 50.0));
  }

  private static LwM2mModel model(String kind) {
    return kind.equals("repository")
        ? new LwM2mModelRepository(MeterObjectModels.all()).getLwM2mModel()
        : MeterObjectModels.model();
  }

  @ParameterizedTest
  @ValueSource(strings = {"static", "repository"})
  void singlePhaseInstanceSurvivesTlv(String modelKind) {
    assertRoundTrip(ContentFormat.TLV, model(modelKind));
  }

  @ParameterizedTest
  @ValueSource(strings = {"static", "repository"})
  void singlePhaseInstanceSurvivesSenmlJson(String modelKind) {
    assertRoundTrip(ContentFormat.SENML_JSON, model(modelKind));
  }

  @ParameterizedTest
  @ValueSource(strings = {"static", "repository"})
  void singlePhaseInstanceSurvivesSenmlCbor(String modelKind) {
    assertRoundTrip(ContentFormat.SENML_CBOR, model(modelKind));
  }

  private void assertRoundTrip(ContentFormat format, LwM2mModel model) {
    byte[] payload = encoder.encode(meterInstance(), format, METER_INSTANCE, model);
    LwM2mObjectInstance decoded = decoder.decode(payload, format, METER_INSTANCE, model, LwM2mObjectInstance.class);

    assertThat(decoded).isEqualTo(meterInstance());
    assertThat(decoded.getResource(4).getValue()).isEqualTo("229.8"); // still a String after the trip
    MeterReading reading = MeterNodeDecoder.reading(METER_INSTANCE, decoded, AT).orElseThrow();
    assertThat(reading.voltageV()).isEqualTo(229.8);
    assertThat(reading.currentA()).isEqualTo(4.75);
    assertThat(reading.activePowerKw()).isEqualTo(1.07);
    assertThat(reading.powerFactor()).isEqualTo(0.97);
    assertThat(reading.frequencyHz()).isEqualTo(50.0);
    assertThat(reading.activeEnergyWh()).isEqualTo(5_120_013L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SENML_JSON", "SENML_CBOR"})
  void sentEventsSurviveSenmlAndDecodeToRecords(String formatName) {
    ContentFormat format = formatName.equals("SENML_JSON") ? ContentFormat.SENML_JSON : ContentFormat.SENML_CBOR;
    Instant occurred = Instant.parse("2026-12-04T11:59:30Z");
    LwM2mObjectInstance event =
        new LwM2mObjectInstance(
            4,
            newIntegerResource(0, 101),
            newDateResource(1, Date.from(occurred)),
            newIntegerResource(2, 5001),
            newFloatResource(3, 0.0),
            newIntegerResource(4, 1));
    TimestampedLwM2mNodes sent =
        TimestampedLwM2mNodes.builder()
            .put(AT, new LwM2mPath(26243, 4), event)
            .put(AT, new LwM2mPath("/10243/0/14"), newFloatResource(14, 5120.5))
            .build();

    byte[] payload = encoder.encodeTimestampedNodes(sent, format, MeterObjectModels.model());
    TimestampedLwM2mNodes received = decoder.decodeTimestampedNodes(payload, format, null, MeterObjectModels.model());

    assertThat(received.getTimestamps()).containsExactly(AT);
    Map<LwM2mPath, LwM2mNode> nodes = received.getNodesAt(AT);
    assertThat(MeterNodeDecoder.events(nodes))
        .isEqualTo(List.of(new MeterEventRecord(101, EventCode.VOLTAGE_LOSS_L1, occurred, 5001, 0.0, 1)));
    assertThat(MeterNodeDecoder.reading(nodes, AT)).map(MeterReading::activeEnergyWh).contains(5_120_500L);
  }
}
