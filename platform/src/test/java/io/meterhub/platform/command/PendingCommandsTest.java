package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.command.PendingOps.CancelResult;
import io.meterhub.platform.command.PendingOps.Claimed;
import io.meterhub.platform.testsupport.TestHazelcast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The cluster queue of undelivered commands on two real Hazelcast members. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PendingCommandsTest {

  private static final Instant T0 = Instant.parse("2026-12-04T19:30:00Z");

  private HazelcastInstance first;
  private HazelcastInstance second;

  @BeforeAll
  void startMembers() {
    first = TestHazelcast.start();
    second = TestHazelcast.join(first);
  }

  @AfterAll
  void stopMembers() {
    if (second != null) {
      second.shutdown();
    }
    if (first != null) {
      first.shutdown();
    }
  }

  @Test
  void commandsOfOneMeterAreClaimedOneAtATimeInCreationOrder() {
    PendingCommands a = new PendingCommands(first);
    String meter = meter();
    Command one = command(meter, "closed", T0, T0.plusSeconds(3600));
    Command two = command(meter, "open", T0.plusSeconds(1), T0.plusSeconds(3600));
    a.enqueue(one, null);
    a.enqueue(two, null);

    Claimed first = a.claim(meter, T0.plusSeconds(2));
    assertThat(first.claimed().id()).isEqualTo(one.id());
    assertThat(first.claimed().status()).isEqualTo(CommandStatus.SENT);
    assertThat(first.claimed().attempts()).isEqualTo(1);
    assertThat(a.claim(meter, T0.plusSeconds(2)).claimed()).as("the head is in flight").isNull();
    assertThat(a.cancel(meter, one.id())).isEqualTo(CancelResult.IN_FLIGHT);

    assertThat(a.finish(meter, one.id())).isTrue();
    assertThat(a.finish(meter, one.id())).as("finished only once").isFalse();
    assertThat(a.claim(meter, T0.plusSeconds(3)).claimed().id()).isEqualTo(two.id());
    assertThat(a.finish(meter, two.id())).isTrue();
    assertThat(a.hasAny(meter)).isFalse();
  }

  @Test
  void concurrentClaimsFromTwoMembersHandOutTheCommandExactlyOnce() throws Exception {
    PendingCommands a = new PendingCommands(first);
    PendingCommands b = new PendingCommands(second);
    List<String> meters = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String meter = meter();
      meters.add(meter);
      a.enqueue(command(meter, "open", T0, T0.plusSeconds(3600)), null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (PendingCommands member : List.of(a, b, a, b)) {
        Callable<Integer> claimAll =
            () -> {
              int won = 0;
              for (String meter : meters) {
                if (member.claim(meter, T0.plusSeconds(1)).claimed() != null) {
                  won++;
                }
              }
              return won;
            };
        results.add(pool.submit(claimAll));
      }
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertThat(total).isEqualTo(meters.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void newerRelayCommandSupersedesOnlyWaitingOnes() {
    PendingCommands a = new PendingCommands(first);
    String meter = meter();
    Command inFlight = command(meter, "open", T0, T0.plusSeconds(3600));
    a.enqueue(inFlight, RelayCommand.TYPE);
    a.claim(meter, T0);
    Command waiting = command(meter, "closed", T0.plusSeconds(1), T0.plusSeconds(3600));
    a.enqueue(waiting, RelayCommand.TYPE);
    Command newest = command(meter, "open", T0.plusSeconds(2), T0.plusSeconds(3600));

    List<Command> superseded = a.enqueue(newest, RelayCommand.TYPE);

    assertThat(superseded).extracting(Command::id).containsExactly(waiting.id());
    assertThat(a.finish(meter, inFlight.id())).as("the one in flight stays").isTrue();
    assertThat(a.claim(meter, T0.plusSeconds(3)).claimed().id()).isEqualTo(newest.id());
  }

  @Test
  void expiredCommandsLeaveAtClaimOrSweepAndStaleSentOnesAreRequeued() {
    PendingCommands a = new PendingCommands(first);
    String meter = meter();
    Command soon = command(meter, "open", T0, T0.plusSeconds(10));
    a.enqueue(soon, null);
    Claimed claimed = a.claim(meter, T0.plusSeconds(10));
    assertThat(claimed.claimed()).isNull();
    assertThat(claimed.expired()).extracting(Command::id).containsExactly(soon.id());
    assertThat(a.hasAny(meter)).isFalse();

    String other = meter();
    Command stuck = command(other, "open", T0, T0.plusSeconds(3600));
    a.enqueue(stuck, null);
    a.claim(other, T0);
    Instant later = T0.plusSeconds(600);
    var swept = new java.util.HashMap<String, PendingOps.Swept>();
    swept.putAll(a.sweep(later, later.minusSeconds(120)));
    swept.putAll(new PendingCommands(second).sweep(later, later.minusSeconds(120)));
    assertThat(swept.get(other).deliverable()).as("a sent command whose node went quiet").isTrue();
    Command again = a.claim(other, later).claimed();
    assertThat(again.id()).isEqualTo(stuck.id());
    assertThat(again.attempts()).isEqualTo(2);
  }

  @Test
  void theOldestMemberSweepsEveryQueueAndTheOthersNone() {
    PendingCommands a = new PendingCommands(first);
    List<String> meters = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // spread over both members' partitions
      String meter = meter();
      a.enqueue(command(meter, "open", T0, T0.plusSeconds(3600)), null);
      meters.add(meter);
    }
    Instant now = T0.plusSeconds(1);

    assertThat(new PendingCommands(second).sweep(now, now.minusSeconds(120))).isEmpty();
    var swept = a.sweep(now, now.minusSeconds(120));
    assertThat(swept.keySet()).containsAll(meters);
    assertThat(meters).allMatch(m -> swept.get(m).deliverable());
  }

  @Test
  void releasedCommandWaitsForItsBackoff() {
    PendingCommands a = new PendingCommands(first);
    String meter = meter();
    Command c = command(meter, "open", T0, T0.plusSeconds(3600));
    a.enqueue(c, null);
    a.claim(meter, T0);
    Command waiting = a.release(meter, c.id(), T0, T0.plusSeconds(4), "no answer from the meter", true);
    assertThat(waiting.status()).isEqualTo(CommandStatus.PENDING);
    assertThat(waiting.error()).isEqualTo("no answer from the meter");

    Claimed early = a.claim(meter, T0.plusSeconds(1));
    assertThat(early.claimed()).isNull();
    assertThat(early.retryAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(a.claim(meter, T0.plusSeconds(4)).claimed().attempts()).isEqualTo(2);
    assertThat(a.cancel(meter, "unknown")).isEqualTo(CancelResult.ABSENT);
  }

  @Test
  void waitingCommandsSurviveTheCrashOfAMember() {
    HazelcastInstance x = TestHazelcast.start();
    HazelcastInstance y = TestHazelcast.join(x);
    try {
      PendingCommands viaY = new PendingCommands(y);
      List<Command> commands = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Command c = command(meter(), "open", T0, T0.plusSeconds(3600));
        viaY.enqueue(c, null);
        commands.add(c);
      }
      y.getLifecycleService().terminate();

      PendingCommands viaX = new PendingCommands(x);
      for (Command c : commands) {
        assertThat(viaX.claim(c.meterId(), T0).claimed()).as("command of %s", c.meterId()).isNotNull();
      }
    } finally {
      x.shutdown();
    }
  }

  private static String meter() {
    return "urn:imei:" + UUID.randomUUID();
  }

  private static Command command(String meter, String target, Instant created, Instant deadline) {
    return new Command(
        UUID.randomUUID().toString(), meter, RelayCommand.TYPE, target, "test", CommandStatus.PENDING, created,
        created, 0, null, deadline, "tester", null, null);
  }
}
