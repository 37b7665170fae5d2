package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inbound messages of different meters are processed in parallel: one meter whose processing waits (as on a slow
 * cluster read) does not stall the others. One node, real Leshan PSK clients over real DTLS.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InboundConcurrencyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aMeterWhoseProcessingWaitsDoesNotStallAnotherMetersRegistration() throws Exception {
    CountDownLatch slowEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingHandler handler =
        new RecordingHandler(
            e -> {
              if (e.kind().equals("registered") && e.endpoint().equals("meter-slow")) {
                slowEntered.countDown();
                try {
                  release.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    try (ClusterMember member = TestCluster.member(1, TestCluster.randomClusterName())) {
      HazelcastSecurityStore credentials = new HazelcastSecurityStore(member.hazelcast());
      MeterLwM2mServer server =
          MeterLwM2mServer.builder()
              .registrationStore(new HazelcastRegistrationStore(member.hazelcast()))
              .securityStore(credentials)
              .models(ObjectLoader.loadDefault())
              .handler(handler)
              .metrics(new SimpleMeterRegistry())
              .coaps("127.0.0.1", 0)
              .requestTimeout(Duration.ofSeconds(5))
              .build();
      server.start();
      try {
        byte[] slowKey = provision(credentials, "meter-slow", "id-slow");
        byte[] fastKey = provision(credentials, "meter-fast", "id-fast");
        try (TestMeterClient slow = new TestMeterClient("meter-slow", server.coapsUri(), "id-slow", slowKey, 300)) {
          slow.start();
          await("the slow meter's registration is being processed", WAIT, () -> slowEntered.getCount() == 0);
          try (TestMeterClient fast =
              new TestMeterClient("meter-fast", server.coapsUri(), "id-fast", fastKey, 300)) {
            fast.start();
            await(
                "the other meter registers while the slow one is held",
                WAIT,
                () -> handler.count("registered", "meter-fast") == 1);
            assertThat(release.getCount()).as("the slow meter is still held").isEqualTo(1);
          } finally {
            release.countDown();
          }
        }
      } finally {
        release.countDown();
        server.close();
      }
    }
  }

  private static byte[] provision(HazelcastSecurityStore credentials, String meterId, String identity) {
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    Instant now = Instant.now();
    credentials.put(
        new Meter(meterId, "KPM31", "test", MeterSecurity.psk(identity, HexFormat.of().formatHex(key)), now, now));
    return key;
  }
}
