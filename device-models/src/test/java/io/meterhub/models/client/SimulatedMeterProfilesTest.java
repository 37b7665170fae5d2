package io.meterhub.models.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterNodeDecoder;
import io.meterhub.models.MeterReading;
import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.TariffRegistersObject.Band;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three-phase meters, tariff registers, LwM2M 1.0 and queue mode against a real Leshan server over DTLS-PSK. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimulatedMeterProfilesTest {

  private static final String KEY = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0";
  private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

  private static LwM2mTestServer server;

  @BeforeAll
  static void startServer() {
    server = new LwM2mTestServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static SimulatedMeterBuilder meter(String model) {
    String endpoint = model.toLowerCase() + "-" + UUID.randomUUID();
    server.addPsk(endpoint, endpoint, KEY);
    return SimulatedMeter.builder()
        .endpoint(endpoint)
        .profile(ProductProfiles.find(model).orElseThrow())
        .serverUri(server.uri())
        .psk(endpoint, KEY)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void kpm33ReadOfTheThreePhaseObjectDecodesToThePhaseValues() throws Exception {
    try (SimulatedMeter meter = meter("KPM33").build()) {
      meter.threePhaseMeter().setPhase(1, 229.5, 10.0, 2.2);
      meter.threePhaseMeter().setPhase(2, 231.0, 8.5, 1.9);
      meter.threePhaseMeter().setPhase(3, 0.0, 0.0, 0.0);
      meter.threePhaseMeter().setTotals(0.93, 1.5, 50.01);
      meter.addEnergyWh(987_654);
      meter.start();
      assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).isTrue();

      Registration registration = server.registration(meter.endpoint());
      assertThat(registration.getSupportedObject()).containsKey(10242).doesNotContainKey(10243);
      ReadResponse response = server.send(meter.endpoint(), new ReadRequest(10242, 0));

      MeterReading decoded =
          MeterNodeDecoder.reading(new LwM2mPath(10242, 0), response.getContent(), NOW).orElseThrow();
      assertThat(decoded).isEqualTo(meter.threePhaseMeter().reading(NOW));
      assertThat(decoded.phases().voltageL3V()).isEqualTo(0.0);
      assertThat(decoded.activePowerKw()).isEqualTo(2.2 + 1.9);
      assertThat(decoded.activeEnergyWh()).isEqualTo(987_654L);
    }
  }

  @Test
  void tariffRegistersDecodeAndTheBillingResetClearsMaximumDemandOnly() throws Exception {
    try (SimulatedMeter meter = meter("KPM37").build()) {
      meter.tariffRegisters().addEnergyWh(Band.PEAK, 1_500);
      meter.tariffRegisters().addEnergyWh(Band.VALLEY, 250);
      meter.tariffRegisters().recordDemand(7.25);
      meter.start();
      assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).isTrue();

      ReadResponse before = server.send(meter.endpoint(), new ReadRequest(26241, 0));
      MeterReading decoded = MeterNodeDecoder.reading(new LwM2mPath(26241, 0), before.getContent(), NOW).orElseThrow();
      assertThat(decoded).isEqualTo(meter.tariffRegisters().reading(NOW));
      assertThat(decoded.tou().peakWh()).isEqualTo(1_500L);
      assertThat(decoded.tou().maxDemandKw()).isEqualTo(7.25);
      assertThat(decoded.tou().maxDemandAt()).isEqualTo(NOW);

      assertThat(server.send(meter.endpoint(), new ExecuteRequest(26241, 0, 7)).isSuccess()).isTrue();

      ReadResponse after = server.send(meter.endpoint(), new ReadRequest(26241, 0));
      MeterReading reset = MeterNodeDecoder.reading(new LwM2mPath(26241, 0), after.getContent(), NOW).orElseThrow();
      assertThat(reset.tou().maxDemandKw()).isNull();
      assertThat(reset.tou().peakWh()).isEqualTo(1_500L);
    }
  }

  @Test
  void lwm2m11QueueModeShowsInTheRegistration() throws Exception {
    try (SimulatedMeter meter = meter("KPM31").queueMode(true).build()) {
      meter.start();
      assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).isTrue();

      Registration registration = server.registration(meter.endpoint());
      assertThat(registration.getLwM2mVersion()).isEqualTo(LwM2mVersion.V1_1);
      assertThat(registration.getQueueMode()).isTrue();
      assertThat(registration.usesQueueMode()).isTrue();
    }
  }

  @Test
  void lwm2m10MeterRegistersAsVersion10WithQueueBinding() throws Exception {
    try (SimulatedMeter meter = meter("KPM33").lwm2mVersion(LwM2mVersion.V1_0).queueMode(true).build()) {
      meter.start();
      assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).isTrue();

      Registration registration = server.registration(meter.endpoint());
      assertThat(registration.getLwM2mVersion()).isEqualTo(LwM2mVersion.V1_0);
      assertThat(registration.getBindingMode()).contains(BindingMode.U, BindingMode.Q);
      assertThat(registration.usesQueueMode()).isTrue();
      meter.events().raise(EventCode.POWER_FAILURE, null, null);
      assertThatThrownBy(meter::sendEvents).isInstanceOf(IllegalStateException.class).hasMessageContaining("1.0");
    }
  }

  @Test
  void meterWithoutQueueModeIsAlwaysReachable() throws Exception {
    try (SimulatedMeter meter = meter("KPM31").build()) {
      meter.start();
      assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).isTrue();

      assertThat(server.registration(meter.endpoint()).usesQueueMode()).isFalse();
    }
  }
}
