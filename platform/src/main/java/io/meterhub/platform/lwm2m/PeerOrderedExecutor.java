package io.meterhub.platform.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;

/**
 * Californium's protocol-stage executor for the node's CoAP endpoints: messages received from one meter are processed
 * in arrival order on one of {@code stripes} threads chosen by the meter's DTLS identity (or address), so different
 * meters are processed in parallel. Work a stripe thread hands on (Californium runs each exchange's steps through the
 * executor again) stays on that stripe, behind the meter's earlier messages; work from elsewhere (outbound requests
 * from the API) runs on a small general pool, and timers on one scheduler thread.
 *
 * <p>Why: Californium's default pool gives a 2-core node exactly one thread for every received message (timer + cores
 * − 1 workers), and Leshan's server makes synchronous cluster reads and writes on it (registration by identity,
 * observation by token, registering), so the node's inbound work queued behind those waits (measured in the load
 * test). More threads without striping would let two messages of one meter overtake each other.
 *
 * <p>Answers to the node's own requests go first: a received CoAP ACK or RST (a relay write's or read's response, an
 * observe response), and the exchange steps it hands on, are taken from the stripe's queue before the notifications
 * and requests waiting there, in their own arrival order. Under load the stripes held hundreds to thousands of
 * notifications, and a relay command's two round trips waited behind them (load test: p50 about 1 s). Only ACKs and
 * RSTs move, and only ahead of messages that arrived before them: the notifications of a meter keep their order.
 *
 * <p>The stripe key travels in a thread-local from the connector's receive callback ({@link #ordered}) to the
 * endpoint's {@code execute} call that it makes synchronously on the same thread. Nothing running on a stripe may
 * block waiting for another message of the same meter (it would wait behind itself); Leshan's and meterhub's handlers
 * only send asynchronously.
 */
final class PeerOrderedExecutor extends ScheduledThreadPoolExecutor {

  private static final ThreadLocal<Object> RECEIVING_FROM = new ThreadLocal<>();
  /** Set while handing over a received ACK or RST, and on a stripe thread while it runs expedited work. */
  private static final ThreadLocal<Boolean> EXPEDITED = ThreadLocal.withInitial(() -> false);
  private static final AtomicLong ARRIVALS = new AtomicLong();
  /** Set on stripe threads: the stripe they serve. */
  private static final ThreadLocal<ThreadPoolExecutor> CURRENT_STRIPE = new ThreadLocal<>();

  private final List<ThreadPoolExecutor> stripes = new ArrayList<>();
  private final ExecutorService general;

  PeerOrderedExecutor(String name, int stripeCount, int generalThreads) {
    super(1, daemons(name + "-timer"));
    if (stripeCount < 1 || generalThreads < 1) {
      throw new IllegalArgumentException("stripes and general threads must be at least 1");
    }
    setRemoveOnCancelPolicy(true);
    ThreadFactory stripeThreads = daemons(name + "-inbound");
    for (int i = 0; i < stripeCount; i++) {
      // the stripe's thread must know its executor, which exists only once the factory has been handed to it
      ThreadPoolExecutor[] self = new ThreadPoolExecutor[1];
      self[0] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
          task -> stripeThreads.newThread(() -> {
            CURRENT_STRIPE.set(self[0]);
            task.run();
          }));
      stripes.add(self[0]);
    }
    this.general = Executors.newFixedThreadPool(generalThreads, daemons(name));
  }

  /**
   * Wraps a connector's receiver (a CoAP endpoint's inbox) so that what it hands to this executor is ordered per
   * sender: the DTLS principal when there is one (stable across a NAT rebinding with Connection ID), else the address.
   */
  static RawDataChannel ordered(RawDataChannel endpointInbox) {
    if (endpointInbox == null) {
      return null; // a connector being detached from its endpoint
    }
    return raw -> {
      RECEIVING_FROM.set(senderKey(raw));
      EXPEDITED.set(isAnswer(raw.getBytes()));
      try {
        endpointInbox.receiveData(raw);
      } finally {
        RECEIVING_FROM.remove();
        EXPEDITED.remove();
      }
    };
  }

  /** Whether the bytes are a CoAP ACK or RST: version 1 in the first two bits, message type 2 or 3 in the next two. */
  static boolean isAnswer(byte[] message) {
    if (message.length == 0 || (message[0] & 0xC0) != 0x40) {
      return false;
    }
    int type = (message[0] >> 4) & 0x03;
    return type == 2 || type == 3;
  }

  private static Object senderKey(RawData raw) {
    Object identity = raw.getEndpointContext().getPeerIdentity();
    return identity != null ? identity : raw.getInetSocketAddress();
  }

  /** Messages waiting for an inbound thread (all stripes). */
  int queuedInbound() {
    return stripes.stream().mapToInt(s -> s.getQueue().size()).sum();
  }

  @Override
  public void execute(Runnable command) {
    Object sender = RECEIVING_FROM.get();
    if (sender != null) {
      stripes.get(Math.floorMod(sender.hashCode(), stripes.size())).execute(new Arrival(command, EXPEDITED.get()));
      return;
    }
    ThreadPoolExecutor current = CURRENT_STRIPE.get();
    if (current != null && stripes.contains(current)) {
      current.execute(new Arrival(command, EXPEDITED.get()));
    } else {
      general.execute(command);
    }
  }

  /** Work on a stripe: expedited work first, each kind in arrival order. */
  private record Arrival(Runnable work, boolean expedited, long seq) implements Runnable, Comparable<Arrival> {

    Arrival(Runnable work, boolean expedited) {
      this(work, expedited, ARRIVALS.incrementAndGet());
    }

    @Override
    public void run() {
      EXPEDITED.set(expedited);
      try {
        work.run();
      } finally {
        EXPEDITED.set(false);
      }
    }

    @Override
    public int compareTo(Arrival other) {
      if (expedited != other.expedited) {
        return expedited ? -1 : 1;
      }
      return Long.compare(seq, other.seq);
    }
  }

  @Override
  public Future<?> submit(Runnable task) {
    return general.submit(task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return general.submit(task, result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return general.submit(task);
  }

  @Override
  public void shutdown() {
    stripes.forEach(ExecutorService::shutdown);
    general.shutdown();
    super.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> pending = new ArrayList<>(super.shutdownNow());
    stripes.forEach(s -> pending.addAll(s.shutdownNow()));
    pending.addAll(general.shutdownNow());
    return pending;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (ExecutorService s : stripes) {
      if (!s.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return general.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
        && super.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean isTerminated() {
    return super.isTerminated() && general.isTerminated() && stripes.stream().allMatch(ExecutorService::isTerminated);
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "#" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
