package io.meterhub.platform.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerOrderedExecutorTest {

  private static final InetSocketAddress CONNECTOR = new InetSocketAddress("127.0.0.1", 5684);

  private final PeerOrderedExecutor executor = new PeerOrderedExecutor("test", 4, 2);

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** What a CoAP endpoint's inbox does: hand the message to the executor from the connector's thread. */
  private RawDataChannel inbox(Map<String, List<Integer>> seen, CountDownLatch done) {
    return PeerOrderedExecutor.ordered(raw -> executor.execute(() -> {
      String[] parts = new String(raw.getBytes()).split(":");
      seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
      done.countDown();
    }));
  }

  private static RawData message(String identity, int port, String payload) {
    InetSocketAddress peer = new InetSocketAddress("127.0.0.2", port);
    return RawData.inbound(payload.getBytes(), new AddressEndpointContext(peer, new PreSharedKeyIdentity(identity)),
        false, System.nanoTime(), CONNECTOR);
  }

  @Test
  void messagesOfOneMeterArriveInOrderWhileMetersInterleave() throws Exception {
    int meters = 40;
    int perMeter = 200;
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(meters * perMeter);
    RawDataChannel inbox = inbox(seen, done);
    // two receiving threads, like the DTLS connector's: each meter is served by one of them, as in Scandium
    List<Thread> receivers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int half = r;
      receivers.add(new Thread(() -> {
        for (int i = 0; i < perMeter; i++) {
          for (int m = half; m < meters; m += 2) {
            // the source port changes midway: with Connection ID the meter keeps its DTLS identity
            inbox.receiveData(message("meter-" + m, i < perMeter / 2 ? 40_000 + m : 50_000 + m, "meter-" + m + ":" + i));
          }
        }
      }));
    }
    receivers.forEach(Thread::start);
    for (Thread t : receivers) {
      t.join();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(meters);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < perMeter; i++) {
      expected.add(i);
    }
    seen.forEach((meter, sequence) -> assertThat(sequence).as(meter).containsExactlyElementsOf(expected));
  }

  @Test
  void aMeterWaitingOnTheClusterDoesNotHoldUpOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch othersDone = new CountDownLatch(1);
    RawDataChannel inbox = PeerOrderedExecutor.ordered(raw -> executor.execute(() -> {
      if (new String(raw.getBytes()).equals("slow")) {
        slowStarted.countDown();
        await(release);
      } else {
        othersDone.countDown();
      }
    }));
    RawData slow = message("meter-slow", 40_001, "slow");
    inbox.receiveData(slow);
    assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    // a meter on another stripe is processed while the slow one still waits
    String other = otherStripe(slow.getEndpointContext().getPeerIdentity().hashCode());
    inbox.receiveData(message(other, 40_002, "fast"));
    assertThat(othersDone.await(10, TimeUnit.SECONDS)).isTrue();
    release.countDown();
  }

  @Test
  void workAStripeHandsOnStaysOnThatStripe() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    List<String> threads = new CopyOnWriteArrayList<>();
    RawDataChannel inbox = PeerOrderedExecutor.ordered(raw -> executor.execute(() -> {
      threads.add(Thread.currentThread().getName());
      // what Californium does with an exchange's next step
      executor.execute(() -> {
        threads.add(Thread.currentThread().getName());
        done.countDown();
      });
    }));
    inbox.receiveData(message("meter-1", 40_001, "x"));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("test-inbound#"));
    assertThat(threads.get(1)).isEqualTo(threads.get(0));
  }

  @Test
  void answersToTheNodesRequestsGoAheadOfQueuedNotificationsWithTheStepsTheyHandOn() throws Exception {
    PeerOrderedExecutor oneStripe = new PeerOrderedExecutor("one", 1, 1);
    try {
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(6);
      RawDataChannel inbox = PeerOrderedExecutor.ordered(raw -> oneStripe.execute(() -> {
        String label = new String(raw.getBytes(), 1, raw.getBytes().length - 1);
        if (label.equals("block")) {
          blocked.countDown();
          await(release);
        }
        ran.add(label);
        done.countDown();
        if (label.equals("ack")) {
          oneStripe.execute(() -> { // the exchange's next step, e.g. completing the relay write
            ran.add("ack-step");
            done.countDown();
          });
        }
      }));
      inbox.receiveData(coap(0x40, "meter-a", "block")); // CON
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      inbox.receiveData(coap(0x50, "meter-b", "n1")); // NON notifications queue behind it
      inbox.receiveData(coap(0x40, "meter-b", "n2"));
      inbox.receiveData(coap(0x60, "meter-c", "ack")); // ACK: the answer to a request of the node
      inbox.receiveData(coap(0x40, "meter-b", "n3"));
      release.countDown();

      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("block", "ack", "ack-step", "n1", "n2", "n3");
    } finally {
      oneStripe.shutdownNow();
    }
  }

  @Test
  void onlyCoapAcksAndResetsAreAnswers() {
    assertThat(PeerOrderedExecutor.isAnswer(new byte[] {0x60, 0x44})).as("ACK").isTrue();
    assertThat(PeerOrderedExecutor.isAnswer(new byte[] {0x70})).as("RST").isTrue();
    assertThat(PeerOrderedExecutor.isAnswer(new byte[] {0x40, 0x02})).as("CON").isFalse();
    assertThat(PeerOrderedExecutor.isAnswer(new byte[] {0x50, 0x45})).as("NON").isFalse();
    assertThat(PeerOrderedExecutor.isAnswer(new byte[] {(byte) 0xE0})).as("not CoAP version 1").isFalse();
    assertThat(PeerOrderedExecutor.isAnswer(new byte[0])).isFalse();
  }

  private static RawData coap(int header, String identity, String label) {
    byte[] bytes = new byte[label.length() + 1];
    bytes[0] = (byte) header;
    System.arraycopy(label.getBytes(), 0, bytes, 1, label.length());
    InetSocketAddress peer = new InetSocketAddress("127.0.0.2", 40_000);
    return RawData.inbound(bytes, new AddressEndpointContext(peer, new PreSharedKeyIdentity(identity)), false,
        System.nanoTime(), CONNECTOR);
  }

  @Test
  void workWithoutASenderRunsOnTheGeneralPool() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    List<String> threads = new CopyOnWriteArrayList<>();
    executor.execute(() -> {
      threads.add(Thread.currentThread().getName());
      ran.countDown();
    });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads).singleElement().asString().startsWith("test#");
    assertThat(executor.schedule(() -> Thread.currentThread().getName(), 1, TimeUnit.MILLISECONDS).get(10,
        TimeUnit.SECONDS)).startsWith("test-timer#");
  }

  private static String otherStripe(int slowHash) {
    for (int i = 0; ; i++) {
      String id = "meter-" + i;
      if (Math.floorMod(new PreSharedKeyIdentity(id).hashCode(), 4) != Math.floorMod(slowHash, 4)) {
        return id;
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
