package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.testsupport.MutableClock;
import io.meterhub.platform.testsupport.TestHazelcast;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which meter traffic prompts a delivery check: every registration and update, a message only when awaited. */
class CommandTrafficTest {

  private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");
  private static final Map<LwM2mPath, LwM2mNode> VOLTAGE =
      Map.of(new LwM2mPath("/10242/0/4"), LwM2mSingleResource.newFloatResource(4, 230.1));

  private HazelcastInstance hazelcast;
  private final List<String> kicks = new CopyOnWriteArrayList<>();
  private final AwaitingContact awaiting = new AwaitingContact();
  private final MutableClock clock = new MutableClock(T0);
  private CommandTraffic traffic;

  @BeforeEach
  void wire() {
    hazelcast = TestHazelcast.start();
    CommandRouter router = new CommandRouter(hazelcast, "node-1", new HazelcastMeterLiveState(hazelcast));
    // No relay value is sent here, so the recorder of local relay changes is never reached.
    traffic = new CommandTraffic(new Ignoring(), router, kicks::add, awaiting, new LocalRelayWatch(), null,
        Runnable::run, clock);
  }

  @AfterEach
  void stop() {
    hazelcast.shutdown();
  }

  @Test
  void registrationsAndUpdatesAlwaysPromptACheck() {
    traffic.registered("m-1", T0);
    traffic.updated("m-2", T0);

    assertThat(kicks).containsExactly("m-1", "m-2");
  }

  @Test
  void aMessagePromptsACheckOnlyWhenTheNodeAwaitsTheMeter() {
    traffic.values("m-1", VOLTAGE, T0);
    assertThat(kicks).isEmpty();

    awaiting.add("m-1");
    clock.advance(Duration.ofSeconds(5));
    traffic.values("m-2", VOLTAGE, clock.instant());
    traffic.values("m-1", VOLTAGE, clock.instant());
    assertThat(kicks).containsExactly("m-1");

    // a chatty meter is checked at most every two seconds on account of its messages
    traffic.values("m-1", VOLTAGE, clock.instant());
    assertThat(kicks).containsExactly("m-1");
  }

  @Test
  void aDeregisteredMeterIsNoLongerAwaited() {
    awaiting.add("m-1");

    traffic.deregistered("m-1", T0);

    assertThat(awaiting.contains("m-1")).isFalse();
  }

  private static final class Ignoring implements DeviceTrafficHandler {
    @Override
    public void registered(String endpoint, Instant at) {}

    @Override
    public void updated(String endpoint, Instant at) {}

    @Override
    public void deregistered(String endpoint, Instant at) {}

    @Override
    public void values(String endpoint, Map<LwM2mPath, LwM2mNode> nodes, Instant timestamp) {}
  }
}
