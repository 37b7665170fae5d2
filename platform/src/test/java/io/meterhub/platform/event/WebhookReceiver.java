package io.meterhub.platform.event;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver on a loopback ephemeral port: checks each request's HMAC-SHA256 signature and timestamp as a
 * customer would, independently of the platform's signer (and answers 401 when either does not match), then answers as the test set it up: 204, 500, or hang until released.
 */
final class WebhookReceiver implements AutoCloseable {

  enum Mode { OK, FAIL, HANG }

  final List<JsonObject> verified = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger badSignatures = new AtomicInteger();
  private final String secret;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Mode mode;

  WebhookReceiver(String secret, Mode mode) throws IOException {
    this.secret = secret;
    this.mode = mode;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Changes how the following requests are answered (a receiver that comes back after an outage). */
  void mode(Mode next) {
    this.mode = next;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String timestamp = exchange.getRequestHeaders().getFirst("X-Meterhub-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-Meterhub-Signature");
    String expected = timestamp == null ? "" : "sha256=" + hmacSha256Hex(secret, timestamp + "." + body);
    boolean fresh = timestamp != null && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) <= 300;
    if (!fresh || signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        signature.getBytes(StandardCharsets.UTF_8))) {
      badSignatures.incrementAndGet();
      reply(exchange, 401);
      return;
    }
    switch (mode) {
      case OK -> {
        verified.add(new JsonObject(body));
        reply(exchange, 204);
      }
      case FAIL -> reply(exchange, 500);
      case HANG -> {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        reply(exchange, 204);
      }
    }
  }

  /** Computed here, as a customer's receiver would, not with the platform's own signer. */
  private static String hmacSha256Hex(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
