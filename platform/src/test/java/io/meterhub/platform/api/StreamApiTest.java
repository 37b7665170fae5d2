package io.meterhub.platform.api;

import static io.meterhub.platform.api.EventApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.event.StreamPublisher;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.testsupport.ApiFixture;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live stream (server-sent events) over real HTTP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamApiTest {

  private static final Instant T0 = Instant.parse("2026-12-04T19:30:00Z");
  static ApiFixture fx;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<Stream<String>> OPEN = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    OPEN.forEach(Stream::close);
    fx.close();
  }

  /** Opens a stream and copies its lines into a queue from a background thread. */
  static BlockingQueue<String> open(String query, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.api.port()
        + "/api/v1/stream" + query));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<Stream<String>> response =
        HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Stream<String> body = response.body();
    OPEN.add(body);
    Thread reader = new Thread(() -> {
      try {
        body.forEach(lines::add);
      } catch (RuntimeException closed) {
        // stream closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** Lines up to and including the first one matching, failing after 30 s. */
  static List<String> readUntil(BlockingQueue<String> lines, Predicate<String> match) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (match.test(line)) {
          return seen;
        }
      }
    }
    throw new AssertionError("no matching line in time; seen " + seen);
  }

  @Test
  void clientsReceiveNewEventsAndPaymentsSeesNothingMeterRelated() throws Exception {
    String admin = fx.adminToken();
    String payments = fx.userWithRole("st-payments", "payments");
    fx.meters.insert(new Meter("st-1", "KPM31", "north/feeder-09/tx-1", MeterSecurity.psk("psk-st-1",
        "00".repeat(16)), T0, T0));
    BlockingQueue<String> adminLines = open("", admin);
    ApiFixture.Response ticket = fx.call("POST", "/api/v1/stream/ticket", payments, "application/json", "{}");
    assertThat(ticket.status()).isEqualTo(201);
    BlockingQueue<String> paymentLines = open("?ticket=" + ticket.json().getString("ticket"), null);
    readUntil(adminLines, l -> l.startsWith(": connected"));
    readUntil(paymentLines, l -> l.startsWith(": connected"));

    fx.events.sink().accept("st-1", List.of(new MeterEventRecord(401, EventCode.POWER_FAILURE, T0, 1, null,
        null)), T0);

    List<String> adminSeen = readUntil(adminLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"event\""));
    JsonObject message = new JsonObject(adminSeen.get(adminSeen.size() - 1).substring(5));
    assertThat(message.getJsonObject("data").getString("meterId")).isEqualTo("st-1");
    assertThat(message.getJsonObject("data").getString("type")).isEqualTo("power_failure");
    assertThat(adminSeen).contains("event: event");
    readUntil(adminLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"alarm\""));

    // A message every role may see marks the point by which the meter event would have arrived.
    fx.vertx.eventBus().publish(StreamPublisher.ADDRESS, new JsonObject().put("kind", "system")
        .put("category", "system").put("data", new JsonObject()), new DeliveryOptions().setLocalOnly(true));
    List<String> paymentSeen = readUntil(paymentLines, l -> l.equals("event: system"));
    assertThat(paymentSeen).noneMatch(l -> l.contains("st-1"));
  }

  @Test
  void meterStatusChangesReachRolesThatMayReadMetersOnly() throws Exception {
    String operator = fx.userWithRole("st-operator", "operator");
    String payments = fx.userWithRole("st-payments-2", "payments");
    BlockingQueue<String> operatorLines = open("", operator);
    BlockingQueue<String> paymentLines = open("", payments);
    readUntil(operatorLines, l -> l.startsWith(": connected"));
    readUntil(paymentLines, l -> l.startsWith(": connected"));
    List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    DeviceTrafficHandler traffic = fx.events.withStatusStream(new DeviceTrafficHandler() {
      @Override
      public void registered(String endpoint, Instant at) {
        handed.add("registered " + endpoint);
      }

      @Override
      public void updated(String endpoint, Instant at) {}

      @Override
      public void deregistered(String endpoint, Instant at) {
        handed.add("deregistered " + endpoint);
      }

      @Override
      public void values(String endpoint, java.util.Map<org.eclipse.leshan.core.node.LwM2mPath,
          org.eclipse.leshan.core.node.LwM2mNode> nodes, Instant timestamp) {}
    });

    traffic.registered("st-status-1", T0);
    traffic.deregistered("st-status-1", T0.plusSeconds(60));

    List<String> online = readUntil(operatorLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"status\""));
    JsonObject first = new JsonObject(online.get(online.size() - 1).substring(5));
    assertThat(first.getJsonObject("data").getString("meterId")).isEqualTo("st-status-1");
    assertThat(first.getJsonObject("data").getString("status")).isEqualTo("online");
    assertThat(online).contains("event: status");
    List<String> offline = readUntil(operatorLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"status\""));
    assertThat(new JsonObject(offline.get(offline.size() - 1).substring(5)).getJsonObject("data")
        .getString("status")).isEqualTo("offline");
    assertThat(handed).containsExactly("registered st-status-1", "deregistered st-status-1");

    fx.vertx.eventBus().publish(StreamPublisher.ADDRESS, new JsonObject().put("kind", "system")
        .put("category", "system").put("data", new JsonObject()), new DeliveryOptions().setLocalOnly(true));
    assertThat(readUntil(paymentLines, l -> l.equals("event: system"))).noneMatch(l -> l.contains("st-status-1"));
  }

  @Test
  void streamNeedsATokenOrAFreshTicketAndRefusesTokensInTheUrl() throws Exception {
    String admin = fx.adminToken();
    assertProblem(fx.get("/api/v1/stream", null), 401);
    assertProblem(fx.get("/api/v1/stream?ticket=not-a-ticket", null), 401);
    assertProblem(fx.get("/api/v1/stream?access_token=" + admin, null), 400);
    assertProblem(fx.get("/api/v1/stream", "bad-token"), 401);
    assertProblem(fx.call("POST", "/api/v1/stream/ticket", null, "application/json", "{}"), 401);

    String ticket = fx.call("POST", "/api/v1/stream/ticket", admin, "application/json", "{}").json()
        .getString("ticket");
    open("?ticket=" + ticket, null);
    assertProblem(fx.get("/api/v1/stream?ticket=" + ticket, null), 401);
  }
}
