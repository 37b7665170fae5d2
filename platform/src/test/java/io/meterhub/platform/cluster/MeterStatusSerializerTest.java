package io.meterhub.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.meterhub.models.MeterReading;
import io.meterhub.platform.lwm2m.TestCluster;
import io.meterhub.platform.meter.MeterStatus;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live state's cluster format, through a real member's map and serialization service. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MeterStatusSerializerTest {

  private static ClusterMember member;

  @BeforeAll
  static void startMember() {
    member = TestCluster.member(1, TestCluster.randomClusterName());
  }

  @AfterAll
  static void stopMember() {
    member.close();
  }

  @Test
  void everyComponentOfTheStatusSurvivesTheMap() {
    // Filled by reflection: a component added to MeterStatus, MeterReading or their parts gets a value here too.
    MeterStatus full = (MeterStatus) filled(MeterStatus.class, new int[] {1});
    assertThat(full.latest().phases().neutralCurrentA()).isNotNull();
    assertThat(full.latest().tou().maxDemandAt()).isNotNull();
    assertThat(full.radio().linkQuality()).isNotNull();

    assertThat(roundTrip("full", full)).isEqualTo(full);
  }

  @Test
  void absentValuesStayAbsent() {
    MeterStatus unknown = MeterStatus.unknown("m-unknown");
    MeterStatus sparse = new MeterStatus("m-sparse", true, Instant.parse("2026-03-01T00:00:00.000000001Z"), null,
        MeterReading.empty(Instant.parse("2026-03-01T00:00:00Z")), "node-1",
        new MeterStatus.Radio(-97, null, Instant.parse("2026-03-01T00:00:01Z")));

    assertThat(roundTrip("unknown", unknown)).isEqualTo(unknown);
    assertThat(roundTrip("sparse", sparse)).isEqualTo(sparse);
  }

  @Test
  void theMemberUsesThisFormatNotJavaSerialization() {
    SerializationService serialization =
        ((SerializationServiceSupport) member.hazelcast()).getSerializationService();

    Data data = serialization.toData(MeterStatus.unknown("m-type"));

    assertThat(data.getType()).isEqualTo(MeterStatusSerializer.TYPE_ID);
  }

  @Test
  void aFormatThisBuildDoesNotKnowIsRefused() {
    SerializationService serialization =
        ((SerializationServiceSupport) member.hazelcast()).getSerializationService();
    byte[] bytes = serialization.toData(MeterStatus.unknown("m-version")).toByteArray();
    bytes[HeapData.DATA_OFFSET] = 2; // the version byte, first of the payload

    assertThatThrownBy(() -> serialization.toObject(new HeapData(bytes)))
        .isInstanceOf(HazelcastSerializationException.class)
        .hasMessageContaining("MeterStatus format 2");
  }

  private static MeterStatus roundTrip(String key, MeterStatus status) {
    IMap<String, MeterStatus> map = member.hazelcast().getMap(ClusterMember.METER_STATUS);
    map.put(key, status);
    return map.get(key);
  }

  /** A value of the type with every record component set, each number and instant distinct. */
  private static Object filled(Class<?> type, int[] next) {
    if (type == String.class) {
      return "v" + next[0]++;
    }
    if (type == boolean.class || type == Boolean.class) {
      return true;
    }
    if (type == long.class || type == Long.class) {
      return (long) next[0]++;
    }
    if (type == double.class || type == Double.class) {
      return next[0]++ + 0.25;
    }
    if (type == Instant.class) {
      return Instant.ofEpochSecond(1_772_000_000L + next[0]++, 123_456_789);
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[Math.min(1, constants.length - 1)];
    }
    if (type.isRecord()) {
      RecordComponent[] components = type.getRecordComponents();
      Object[] values = Arrays.stream(components).map(c -> filled(c.getType(), next)).toArray();
      try {
        return type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
            .toArray(Class<?>[]::new)).newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no test value for " + type + ": extend this test and MeterStatusSerializer");
  }
}
