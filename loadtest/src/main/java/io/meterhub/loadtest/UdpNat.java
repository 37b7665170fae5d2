package io.meterhub.loadtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-thread UDP NAT in front of a server, like a 4G carrier's: each meter's traffic leaves through its own outward
 * socket; {@link #rebindAll()} replaces every outward socket, so the server sees the same meters from new source ports
 * (the NAT rebinding that DTLS Connection ID must survive).
 */
public final class UdpNat implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpNat.class);

  private final InetSocketAddress server;
  private final Selector selector;
  private final DatagramChannel front;
  private final Map<SocketAddress, DatagramChannel> outward = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Listens on {@code host}, an ephemeral port, and forwards to {@code server}. */
  public UdpNat(String host, InetSocketAddress server) throws IOException {
    this.server = Objects.requireNonNull(server, "server");
    this.selector = Selector.open();
    this.front = DatagramChannel.open().bind(new InetSocketAddress(host, 0));
    front.configureBlocking(false);
    front.register(selector, SelectionKey.OP_READ, null);
    this.thread = new Thread(this::loop, "udp-nat");
    thread.setDaemon(true);
    thread.start();
  }

  /** Where meters send to instead of the server. */
  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) front.getLocalAddress();
  }

  /** Meters seen so far. */
  public int mappings() {
    return outward.size();
  }

  /** Gives every meter a new outward source port; returns once done. */
  public void rebindAll() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    tasks.add(
        () -> {
          for (Map.Entry<SocketAddress, DatagramChannel> entry : outward.entrySet()) {
            try {
              entry.getValue().close();
              entry.setValue(open(entry.getKey()));
            } catch (IOException e) {
              LOG.warn("NAT rebinding failed: {}", e.toString());
            }
          }
          done.countDown();
        });
    selector.wakeup();
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("NAT rebinding did not finish");
    }
  }

  private DatagramChannel open(SocketAddress meter) throws IOException {
    DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(server.getAddress(), 0));
    channel.connect(server);
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_READ, meter);
    return channel;
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    while (running) {
      try {
        selector.select(500);
        for (Runnable task; (task = tasks.poll()) != null; ) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          DatagramChannel channel = (DatagramChannel) key.channel();
          buffer.clear();
          if (key.attachment() == null) {
            SocketAddress meter = channel.receive(buffer);
            if (meter != null) {
              buffer.flip();
              DatagramChannel out = outward.get(meter);
              if (out == null) {
                out = open(meter);
                outward.put(meter, out);
              }
              out.write(buffer);
            }
          } else {
            if (channel.read(buffer) > 0) {
              buffer.flip();
              front.send(buffer, (SocketAddress) key.attachment());
            }
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException e) {
        // A closed or refused outward socket loses one datagram, as a real NAT would; DTLS retransmits.
        LOG.debug("NAT forwarding: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
      for (DatagramChannel channel : outward.values()) {
        channel.close();
      }
      front.close();
      selector.close();
    } catch (IOException e) {
      LOG.debug("NAT close: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
