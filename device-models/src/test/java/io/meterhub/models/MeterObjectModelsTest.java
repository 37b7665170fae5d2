package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeterObjectModelsTest {

  private static Map<Integer, ObjectModel> byId() {
    return MeterObjectModels.all().stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
  }

  @Test
  void everyDdfFileOfTheModuleLoadsStrictly() throws IOException {
    List<String> files;
    try (Stream<Path> dir = Files.list(Path.of("src/main/resources/models"))) {
      files = dir.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted().toList();
    }
    assertThat(files).hasSize(6);
    assertThat(MeterObjectModels.indexedFiles()).as("index lists every DDF file").containsExactlyInAnyOrderElementsOf(files);
    for (String file : files) {
      assertThat(MeterObjectModels.loadStrict("/models/" + file)).as(file).hasSize(1);
    }
  }

  @Test
  void allHoldsLeshanCoreModelsAndOurObjectsOnce() {
    List<ObjectModel> all = MeterObjectModels.all();
    assertThat(all).extracting(m -> m.id).doesNotHaveDuplicates().contains(0, 1, 3, 4, 5);
    assertThat(all)
        .extracting(m -> m.id)
        .contains(10243, 10242, 3312, 26241, 26242, 26243)
        .containsAll(MeterObjectModels.MODULE_OBJECT_IDS);
    assertThat(MeterObjectModels.all()).isSameAs(all);
    assertThat(MeterObjectModels.model().getObjectModel(26243).name).isEqualTo("Meter Events");
  }

  @Test
  void singlePhaseMeterKeepsTheRegistryStringTension() {
    ObjectModel sp = byId().get(MeterObjectModels.SINGLE_PHASE_METER);
    assertThat(sp.name).isEqualTo("Single-Phase Power Meter");
    assertThat(sp.urn).isEqualTo("urn:oma:lwm2m:x:10243");
    assertResource(sp, 4, "Tension", Type.STRING, Operations.R, "V");
    assertResource(sp, 5, "Current", Type.FLOAT, Operations.R, "A");
    assertResource(sp, 6, "Active Power", Type.FLOAT, Operations.R, "kW");
    assertResource(sp, 11, "Power Factor", Type.FLOAT, Operations.R, "");
    assertResource(sp, 14, "Active Energy", Type.FLOAT, Operations.R, "kW/h");
    assertResource(sp, 17, "Frequency", Type.FLOAT, Operations.R, "Hz");
    assertThat(sp.resources).hasSize(18);
  }

  @Test
  void threePhaseMeterHasPerPhaseAndTotalResources() {
    ObjectModel tp = byId().get(MeterObjectModels.THREE_PHASE_METER);
    assertThat(tp.resources).hasSize(51);
    assertResource(tp, 4, "Tension R", Type.FLOAT, Operations.R, "V");
    assertResource(tp, 14, "Tension S", Type.FLOAT, Operations.R, "V");
    assertResource(tp, 24, "Tension T", Type.FLOAT, Operations.R, "V");
    assertResource(tp, 5, "Current R", Type.FLOAT, Operations.R, "A");
    assertResource(tp, 15, "Current S", Type.FLOAT, Operations.R, "A");
    assertResource(tp, 25, "Current T", Type.FLOAT, Operations.R, "A");
    assertResource(tp, 6, "Active Power R", Type.FLOAT, Operations.R, "kW");
    assertResource(tp, 16, "Active Power S", Type.FLOAT, Operations.R, "kW");
    assertResource(tp, 26, "Active Power T", Type.FLOAT, Operations.R, "kW");
    assertResource(tp, 34, "3-Phase Active Power", Type.FLOAT, Operations.R, "kW III");
    assertResource(tp, 39, "3-Phase Power Factor", Type.FLOAT, Operations.R, "");
    assertResource(tp, 41, "Active Energy", Type.FLOAT, Operations.R, "kW/h III");
    assertResource(tp, 49, "Frequency", Type.FLOAT, Operations.R, "Hz");
    assertResource(tp, 50, "Neutral Current", Type.FLOAT, Operations.R, "A");
  }

  @Test
  void powerControlHasTheWritableRelay() {
    ObjectModel pc = byId().get(MeterObjectModels.POWER_CONTROL);
    assertThat(pc.urn).isEqualTo("urn:oma:lwm2m:ext:3312");
    assertResource(pc, 5850, "On/Off", Type.BOOLEAN, Operations.RW, "");
    assertThat(pc.resources.get(5850).mandatory).isTrue();
  }

  @Test
  void meterhubObjectsHaveTheDocumentedResources() {
    Map<Integer, ObjectModel> models = byId();
    ObjectModel tou = models.get(MeterObjectModels.TARIFF_REGISTERS);
    assertThat(tou.multiple).isFalse();
    assertThat(tou.lwm2mVersion).isEqualTo("1.0");
    assertResource(tou, 0, "Sharp Active Energy", Type.FLOAT, Operations.R, "kWh");
    assertResource(tou, 1, "Peak Active Energy", Type.FLOAT, Operations.R, "kWh");
    assertResource(tou, 2, "Flat Active Energy", Type.FLOAT, Operations.R, "kWh");
    assertResource(tou, 3, "Valley Active Energy", Type.FLOAT, Operations.R, "kWh");
    assertResource(tou, 4, "Maximum Demand", Type.FLOAT, Operations.R, "kW");
    assertResource(tou, 5, "Maximum Demand Time", Type.TIME, Operations.R, "");
    assertResource(tou, 7, "Billing Period Reset", Type.NONE, Operations.E, "");

    ObjectModel display = models.get(MeterObjectModels.PREPAYMENT_DISPLAY);
    assertThat(display.multiple).isFalse();
    assertResource(display, 0, "Credit Balance", Type.INTEGER, Operations.RW, "");
    assertResource(display, 1, "Currency", Type.STRING, Operations.RW, "");
    assertResource(display, 2, "Credit State", Type.STRING, Operations.RW, "");
    assertResource(display, 3, "Emergency Credit Available", Type.BOOLEAN, Operations.RW, "");
    assertResource(display, 4, "Low Credit Warning", Type.BOOLEAN, Operations.RW, "");
    assertResource(display, 5, "Currency Minor Unit Digits", Type.INTEGER, Operations.RW, "");

    ObjectModel events = models.get(MeterObjectModels.METER_EVENTS);
    assertThat(events.multiple).isTrue();
    assertResource(events, 0, "Event Code", Type.INTEGER, Operations.R, "");
    assertResource(events, 1, "Occurred At", Type.TIME, Operations.R, "");
    assertResource(events, 2, "Sequence Number", Type.INTEGER, Operations.R, "");
    assertResource(events, 3, "Value", Type.FLOAT, Operations.R, "");
    assertResource(events, 4, "Phase", Type.INTEGER, Operations.R, "");
    assertThat(List.of(models.get(26241), display, events))
        .allSatisfy(m -> assertThat(m.urn).isEqualTo("urn:oma:lwm2m:x:" + m.id));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "missing-type.xml | One of '{Type}' is expected",
        "wrong-urn-kind.xml | kind MUST be x instead of ext",
        "executable-with-type.xml | an executable resource MUST NOT have a type",
        "duplicate-resource-id.xml | contains at least 2 resources with same id 3",
        "not-xml.xml | XML document structures must start and end",
        "does-not-exist.xml | not found on the classpath"
      })
  void brokenDdfIsRejectedNamingTheFile(String file, String reason) {
    String resource = "/broken-models/" + file;
    assertThatThrownBy(() -> MeterObjectModels.loadStrict(resource))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(resource)
        .hasMessageContaining(reason);
  }

  private static void assertResource(ObjectModel object, int id, String name, Type type, Operations ops, String units) {
    ResourceModel resource = object.resources.get(id);
    assertThat(resource).as("%s/%d", object.id, id).isNotNull();
    assertThat(resource.name).as("name of %s/%d", object.id, id).isEqualTo(name);
    assertThat(resource.type).as("type of %s/%d", object.id, id).isEqualTo(type);
    assertThat(resource.operations).as("operations of %s/%d", object.id, id).isEqualTo(ops);
    assertThat(resource.units).as("units of %s/%d", object.id, id).isEqualTo(units);
  }
}
