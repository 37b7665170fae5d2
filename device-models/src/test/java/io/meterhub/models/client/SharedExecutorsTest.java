package io.meterhub.models.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterNodeDecoder;
import io.meterhub.models.ProductProfiles;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many meters in one JVM on shared pools and several loopback source addresses. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedExecutorsTest {

  private static final Logger LOG = LoggerFactory.getLogger(SharedExecutorsTest.class);
  private static final String KEY = "0f0e0d0c0b0a09080706050403020100";
  private static final int METERS = 20;

  @Test
  void twentyMetersOnSharedPoolsCostAboutOneThreadEach() throws Exception {
    List<SimulatedMeter> meters = new ArrayList<>();
    try (LwM2mTestServer server = new LwM2mTestServer();
        ClientExecutors executors = ClientExecutors.create("shared", 2, 2)) {
      Configuration configuration = ClientConfigurations.lightweight();
      int before = Thread.activeCount();
      try {
        for (int i = 0; i < METERS; i++) {
          String endpoint = "shared-" + i + "-" + UUID.randomUUID();
          server.addPsk(endpoint, endpoint, KEY);
          SimulatedMeter meter =
              SimulatedMeter.builder()
                  .endpoint(endpoint)
                  .profile(ProductProfiles.find(i % 2 == 0 ? "KPM31" : "KPM33").orElseThrow())
                  .serverUri(server.uri())
                  .psk(endpoint, KEY)
                  .bindAddress(InetAddress.getByName("127.0.0." + (1 + i % 4)))
                  .executors(executors)
                  .configuration(configuration)
                  .build();
          meters.add(meter);
          meter.start();
        }
        for (SimulatedMeter meter : meters) {
          assertThat(meter.awaitRegistered(LwM2mTestServer.WAIT)).as(meter.endpoint()).isTrue();
        }
        for (SimulatedMeter meter : meters) {
          meter.addEnergyWh(1_000);
          int object = meter.profile().meterObjectId();
          ReadResponse read = server.send(meter.endpoint(), new ReadRequest(object, 0));
          assertThat(MeterNodeDecoder.reading(new LwM2mPath(object, 0), read.getContent(), java.time.Instant.EPOCH))
              .hasValueSatisfying(r -> assertThat(r.activeEnergyWh()).isEqualTo(1_000L));
        }
        int after = Thread.activeCount();
        LOG.info("{} meters on shared pools: threads {} -> {} ({} per meter); by name: {}", METERS, before, after,
            (after - before) / (double) METERS, threadNames());
        // A stock Leshan client costs about five threads; the shared pools leave the DTLS receiver.
        assertThat(after - before).isLessThanOrEqualTo(METERS + 4);
      } finally {
        meters.forEach(SimulatedMeter::close);
      }
    }
  }

  private static Map<String, Integer> threadNames() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName().replaceAll("[0-9.:#\\-/\\[\\]]+", "#");
      counts.merge(name, 1, Integer::sum);
    }
    return counts;
  }
}
