package io.meterhub.platform;

import static io.meterhub.platform.RelayCommandEndToEndTest.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.RelayCommandEndToEndTest.TestMeter;
import io.meterhub.platform.command.CommandSettings;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue-mode meters that are registered but asleep: a command created then is held, and delivered at the meter's next
 * contact — a registration update or a Send — never before it. The node takes a queue-mode meter to listen for one
 * second after a contact; measurement observations are slowed down so no notification wakes the meter by accident.
 */
@Timeout(240)
class QueueModeCommandTest {

  /** Comfortably longer than the one-second awake time: the presence timer has fired by then. */
  private static final long ASLEEP_AFTER_MS = 3_000;

  @TempDir static Path dataDir;
  private static PlatformFixture platform;

  @BeforeAll
  static void startPlatform() {
    platform =
        PlatformFixture.start(
            dataDir,
            "queue-mode-" + UUID.randomUUID(),
            1,
            List.of(),
            CommandSettings.defaults(),
            Map.of(
                "METERHUB_QUEUE_AWAKE_SECONDS", "1",
                "METERHUB_MEASUREMENT_PMIN_SECONDS", "3600",
                "METERHUB_MEASUREMENT_PMAX_SECONDS", "3600"));
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void commandForASleepingMeterIsDeliveredAtItsNextUpdate() throws Exception {
    TestMeter m = TestMeter.provision(platform, "south/feeder-31");
    AtomicBoolean contacted = new AtomicBoolean();
    List<Boolean> changedAfterContact = new CopyOnWriteArrayList<>();
    try (SimulatedMeter meter = sleepingMeter(m, contacted, changedAfterContact)) {
      String id = trip(m);

      contacted.set(true);
      meter.triggerUpdate();

      awaitStatus(platform, id, "confirmed");
      assertThat(meter.powerControl().isOn()).isFalse();
      assertThat(changedAfterContact).as("relay writes, each after the meter's update").containsExactly(true);
    }
  }

  @Test
  void commandForASleepingMeterIsDeliveredWhenItSends() throws Exception {
    TestMeter m = TestMeter.provision(platform, "south/feeder-32");
    AtomicBoolean contacted = new AtomicBoolean();
    List<Boolean> changedAfterContact = new CopyOnWriteArrayList<>();
    try (SimulatedMeter meter = sleepingMeter(m, contacted, changedAfterContact)) {
      String id = trip(m);

      contacted.set(true);
      SendResponse sent = meter.send(ContentFormat.SENML_JSON, "/3312/0/5850");
      assertThat(sent.isSuccess()).as(sent.toString()).isTrue();

      awaitStatus(platform, id, "confirmed");
      assertThat(meter.powerControl().isOn()).isFalse();
      assertThat(changedAfterContact).as("relay writes, each after the meter's Send").containsExactly(true);
    }
  }

  /**
   * A registered queue-mode meter past its awake time; {@code changes} records, per remote relay write, whether
   * {@code contacted} was already set.
   */
  private static SimulatedMeter sleepingMeter(TestMeter m, AtomicBoolean contacted, List<Boolean> changes)
      throws InterruptedException {
    SimulatedMeter meter =
        m.start(
            platform,
            b -> b.queueMode(true).raiseRelayEvents(false),
            s -> s.powerControl().setListener((on, remote) -> {
              if (remote) {
                changes.add(contacted.get());
              }
            }));
    // Nothing observable says "asleep" from outside the node: wait out the awake time instead.
    Thread.sleep(ASLEEP_AFTER_MS);
    return meter;
  }

  private static String trip(TestMeter m) {
    HttpResponse<String> created =
        platform.call(
            "POST",
            RelayCommandEndToEndTest.relayPath(m.id()),
            platform.adminToken(),
            new JsonObject().put("state", "open").put("reason", "unpaid balance"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String id = new JsonObject(created.body()).getString("id");
    assertThat(platform.getJson("/api/v1/commands/" + id).getString("status")).isEqualTo("pending");
    return id;
  }
}
