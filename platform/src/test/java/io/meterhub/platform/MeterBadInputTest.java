package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meter (or anything holding its key) that sends garbage gets a 4.xx answer; nothing is stored and the node keeps
 * serving. The garbage is sent with a raw Californium DTLS client under the registered meter's PSK identity, the way
 * broken firmware would send it.
 */
@Timeout(120)
class MeterBadInputTest {

  private static final String ID = "urn:imei:861234567891001";
  private static final String IDENTITY = "861234567891001";
  private static final String KEY = "a1".repeat(16);
  private static final int SENML_JSON = 110;
  private static final int SENML_CBOR = 112;

  @TempDir static Path dataDir;
  private static PlatformFixture platform;
  private static SimulatedMeter meter;
  private static CoapClient raw;

  @BeforeAll
  static void startPlatformAndRegisterMeter() throws Exception {
    platform = PlatformFixture.start(dataDir, "bad-input-" + UUID.randomUUID(), 1, List.of());
    platform.createMeter(ID, "KPM31", "north/feeder-11", IDENTITY, KEY);
    meter = platform.meter(ID, "KPM31", IDENTITY, KEY);
    meter.start();
    assertThat(meter.awaitRegistered(Duration.ofSeconds(30))).isTrue();
    raw = rawDtlsClient();
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.shutdown();
    }
    if (meter != null) {
      meter.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void malformedSenmlIsBadRequest() throws Exception {
    CoapResponse response = raw.post("{\"this is\": not senml", SENML_JSON);

    assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertNothingStoredAndNodeHealthy();
  }

  @Test
  void wrongTypesAreBadRequest() throws Exception {
    CoapResponse json = raw.post("[{\"n\":\"/26243/0/0\",\"vs\":\"not a code\"}]", SENML_JSON);
    CoapResponse cbor = raw.post(new byte[] {(byte) 0x9f, 0x01, 0x02}, SENML_CBOR);

    assertThat(json.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(cbor.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertNothingStoredAndNodeHealthy();
  }

  @Test
  void oversizedPayloadIsRefusedAsTooLarge() throws Exception {
    StringBuilder huge = new StringBuilder("[");
    for (int i = 0; i < 4000; i++) {
      huge.append("{\"n\":\"/26243/").append(i).append("/0\",\"v\":201},");
    }
    huge.setCharAt(huge.length() - 1, ']');

    CoapResponse response = raw.post(huge.toString(), SENML_JSON);

    assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertNothingStoredAndNodeHealthy();
  }

  @Test
  void theMeterStillReportsNormallyAfterGarbage() throws Exception {
    raw.post("garbage", SENML_JSON);
    meter.events().raise(EventCode.TERMINAL_COVER_OPENED, null, null);

    await(
        "the well-formed event after the garbage is stored",
        Duration.ofSeconds(30),
        () -> {
          try {
            meter.sendEvents();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return events().stream().anyMatch(e -> e.toString().contains("terminal_cover_opened"));
        });
  }

  private static void assertNothingStoredAndNodeHealthy() {
    assertThat(events().stream().filter(e -> !e.toString().contains("terminal_cover_opened"))).isEmpty();
    assertThat(platform.call("GET", "/health", null, null).statusCode()).isEqualTo(200);
  }

  private static JsonArray events() {
    return platform
        .getJson("/api/v1/meters/" + URLEncoder.encode(ID, StandardCharsets.UTF_8) + "/events")
        .getJsonArray("items");
  }

  private static CoapClient rawDtlsClient() {
    Configuration config = Configuration.createStandardWithoutFile();
    DtlsConnectorConfig dtls =
        DtlsConnectorConfig.builder(config)
            .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
            .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, HexFormat.of().parseHex(KEY)))
            .build();
    CoapEndpoint endpoint =
        new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
    CoapClient client = new CoapClient("coaps://127.0.0.1:" + platform.coapsUri().getPort() + "/dp");
    client.setEndpoint(endpoint);
    client.setTimeout(20_000L);
    return client;
  }

  static {
    CoapConfig.register();
    DtlsConfig.register();
  }
}
