package io.meterhub.platform.testsupport;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.analytics.Analytics;
import io.meterhub.platform.analytics.AnalyticsSettings;
import io.meterhub.platform.api.ApiConfig;
import io.meterhub.platform.api.ApiDependencies;
import io.meterhub.platform.api.HealthCheck;
import io.meterhub.platform.api.HttpApi;
import io.meterhub.platform.api.PrivacyServices;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.audit.AuditSigner;
import io.meterhub.platform.audit.AuditTree;
import io.meterhub.platform.audit.JdbcAuditTree;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.auth.JdbcUserStore;
import io.meterhub.platform.auth.UserStore;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.consent.ConsentService;
import io.meterhub.platform.consent.Granularity;
import io.meterhub.platform.consent.JdbcConsentStore;
import io.meterhub.platform.customer.CustomerService;
import io.meterhub.platform.customer.JdbcCustomerVault;
import io.meterhub.platform.customer.KeyEncryptionKey;
import io.meterhub.platform.customer.VaultKeys;
import io.meterhub.platform.event.EventConfig;
import io.meterhub.platform.event.EventModule;
import io.meterhub.platform.event.RecordingTamperResponse;
import io.meterhub.platform.lwm2m.HazelcastSecurityStore;
import io.meterhub.platform.meter.DeviceCredentials;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running API on a loopback ephemeral port, built from the real stores ({@link TestStores}: H2 in a temp directory,
 * an embedded Hazelcast member). The API sees every store through an {@link EventLoopGuard}, so a blocking call
 * made on an event loop fails the test that caused it.
 */
public final class ApiFixture implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  public final TestStores stores;
  public final Database database;
  public final JdbcMeterStore meters;
  public final JdbcReadingStore readings;
  public final HazelcastMeterLiveState live;
  public final HazelcastSecurityStore credentials;
  public final JdbcUserStore users;
  public final ChainedAuditLog audit;
  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Switch for the {@code database} health check. */
  public final AtomicBoolean databaseUp = new AtomicBoolean(true);
  public final HazelcastInstance hazelcast;
  public final Vertx vertx;
  public final HttpApi api;
  /** The event feature on the same database, fed through {@code events.sink()}. */
  public final EventModule events;
  public final RecordingTamperResponse tamper = new RecordingTamperResponse();
  /** The database's own durability, which the API's replies wait for; a test may hold or fail it. */
  public final GatedDurability durability;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public ApiFixture() throws Exception {
    this(ApiConfig.defaults().withHostPort("127.0.0.1", 0).withAdminPassword(Optional.of(ADMIN_PASSWORD)));
  }

  public ApiFixture(ApiConfig config) throws Exception {
    this(config, null);
  }

  /** Builds a fixture's prepayment service from its audit log and meter store. */
  public interface PrepayFactory {
    PrepayService create(AuditLog audit, MeterStore meters);
  }

  /** A fixture whose API serves prepayment through the service {@code prepay} builds (null: none, 503). */
  public ApiFixture(ApiConfig config, PrepayFactory prepay) throws Exception {
    this(config, prepay, Clock.systemUTC());
  }

  /** As {@link #ApiFixture(ApiConfig, PrepayFactory)}, with every store and the API on {@code clock}. */
  public ApiFixture(ApiConfig config, PrepayFactory prepay, Clock clock) throws Exception {
    stores = new TestStores(clock);
    database = stores.database;
    meters = stores.meters;
    readings = stores.readings;
    live = stores.live;
    credentials = stores.credentials;
    users = stores.users;
    audit = stores.audit;
    hazelcast = stores.hazelcast;
    durability = new GatedDurability(database.durability());
    // A tight blocked-thread threshold makes event-loop blocking visible in the log as well.
    vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(
        TimeUnit.MILLISECONDS));
    events = new EventModule(database, meters, audit, vertx, hazelcast, tamper, EventConfig.defaults(), clock,
        registry);
    try {
      api = HttpApi.create(vertx, config,
          dependencies(clock).withPrepay(prepay == null ? null : prepay.create(audit, meters))
              .withAuditTree(EventLoopGuard.guard(AuditTree.class,
                  new JdbcAuditTree(database, AuditSigner.generate(), clock)))
              .withAnalytics(Analytics.create(database, EventLoopGuard.guard(MeterStore.class, meters),
                  EventLoopGuard.guard(ReadingStore.class, readings), EventLoopGuard.guard(AuditLog.class, audit),
                  null, AnalyticsSettings.defaults(), clock))
              .withDurability(durability));
      int port = api.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      base = (config.https().enabled() ? "https" : "http") + "://127.0.0.1:" + port;
    } catch (Exception | Error e) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        events.close();
        stores.close();
      }
      throw e;
    }
  }

  private ApiDependencies dependencies(Clock clock) {
    MeterStore guardedMeters = EventLoopGuard.guard(MeterStore.class, meters);
    Map<String, HealthCheck> checks = new LinkedHashMap<>();
    checks.put("database", () -> {
      guardedMeters.count();
      if (!databaseUp.get()) {
        throw new IllegalStateException("database switched off by the test");
      }
    });
    return new ApiDependencies(
        guardedMeters,
        EventLoopGuard.guard(ReadingStore.class, readings),
        EventLoopGuard.guard(MeterLiveState.class, live),
        EventLoopGuard.guard(DeviceCredentials.class, credentials),
        EventLoopGuard.guard(AuditLog.class, audit),
        EventLoopGuard.guard(UserStore.class, users),
        hazelcast, clock, registry, checks, events.api())
        .withPrivacy(new PrivacyServices(
            new CustomerService(new JdbcCustomerVault(database, VaultKeys.of(KeyEncryptionKey.of(randomKey())), clock),
                audit, meterId -> meters.find(meterId).isPresent()),
            new ConsentService(new JdbcConsentStore(database), audit, meterId -> meters.find(meterId).isPresent(),
                new java.util.concurrent.ConcurrentHashMap<>(), Granularity.UNRESTRICTED, clock)));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return key;
  }

  /** Every audit entry, oldest first. */
  public List<AuditEntry> auditEntries() {
    return stores.auditEntries();
  }

  /**
   * Runs {@code during} while the SQL table {@code table} is renamed away, so that every store query on it fails as
   * it would against a broken database; the table is back afterwards.
   */
  public void withoutTable(String table, Runnable during) {
    stores.sql("ALTER TABLE " + table + " RENAME TO " + table + "_away");
    try {
      during.run();
    } finally {
      stores.sql("ALTER TABLE " + table + "_away RENAME TO " + table);
    }
  }

  /** One HTTP exchange. */
  public Response call(String method, String path, String token, String contentType, String body) {
    return call(method, path, token, Map.of(), contentType, body);
  }

  /** One HTTP exchange with extra request headers (e.g. Idempotency-Key). */
  public Response call(String method, String path, String token, Map<String, String> headers, String contentType,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }


  public Response get(String path, String token) {
    return call("GET", path, token, null, null);
  }

  public Response send(String method, String path, String token, JsonObject body) {
    return call(method, path, token, "application/json", body.encode());
  }

  /** Logs in and returns the bearer token; fails the test if login fails. */
  public String token(String username, String password) {
    Response r = send("POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", username).put("password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + r);
    }
    return r.json().getString("access_token");
  }

  public String adminToken() {
    return token("admin", ADMIN_PASSWORD);
  }

  /** Creates a user with one role (as admin) and returns its token. */
  public String userWithRole(String username, String role) {
    String password = "password-of-" + username;
    Response r = send("POST", "/api/v1/users", adminToken(), new JsonObject().put("username", username)
        .put("password", password).put("roles", new JsonArray().add(role)));
    if (r.status() != 201) {
      throw new AssertionError("creating " + username + " failed: " + r);
    }
    return token(username, password);
  }

  @Override
  public void close() throws Exception {
    try {
      api.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      events.close();
      stores.close();
    }
  }

  /** A response as the client saw it. */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
