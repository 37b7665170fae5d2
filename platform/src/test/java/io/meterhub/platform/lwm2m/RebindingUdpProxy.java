package io.meterhub.platform.lwm2m;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;

/**
 * A one-client UDP forwarder in front of a server, like a 4G carrier's NAT: the client talks to {@link #uri()}, the
 * server sees the traffic coming from an outward socket, and {@link #rebind()} replaces that socket so the server sees
 * the same client from a new source port (the rebinding DTLS Connection ID must survive).
 */
final class RebindingUdpProxy implements AutoCloseable {

  private final InetSocketAddress server;
  private final DatagramSocket inward;
  private volatile DatagramSocket outward;
  private volatile SocketAddress client;
  private volatile boolean closed;

  RebindingUdpProxy(InetSocketAddress server) {
    this.server = server;
    try {
      this.inward = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      this.outward = openOutward();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread up = new Thread(this::forwardUp, "nat-up");
    up.setDaemon(true);
    up.start();
  }

  /** The CoAPS URI the client uses instead of the server's. */
  URI uri() {
    return URI.create("coaps://127.0.0.1:" + inward.getLocalPort());
  }

  /** The port the server currently sees the client's traffic come from. */
  int outwardPort() {
    return outward.getLocalPort();
  }

  /** Moves the client to a new outward source port; the old one is closed (its datagrams are gone). */
  void rebind() {
    DatagramSocket old = outward;
    try {
      outward = openOutward();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    old.close();
  }

  private DatagramSocket openOutward() throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread down = new Thread(() -> forwardDown(socket), "nat-down-" + socket.getLocalPort());
    down.setDaemon(true);
    down.start();
    return socket;
  }

  private void forwardUp() {
    byte[] buffer = new byte[65_535];
    while (!closed) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        inward.receive(packet);
        client = packet.getSocketAddress();
        outward.send(new DatagramPacket(packet.getData(), packet.getLength(), server));
      } catch (IOException e) {
        // a datagram lost while rebinding or closing, as a real NAT would lose it; DTLS/CoAP retransmit
      }
    }
  }

  private void forwardDown(DatagramSocket socket) {
    byte[] buffer = new byte[65_535];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        SocketAddress to = client;
        if (to != null) {
          inward.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
        }
      } catch (IOException e) {
        // socket closed by rebind() or close()
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    inward.close();
    outward.close();
  }
}
