package io.meterhub.platform.api;

import io.meterhub.platform.auth.AuthService;
import io.meterhub.platform.auth.LoginThrottle;
import io.meterhub.platform.auth.PasswordHasher;
import io.meterhub.platform.auth.TokenService;
import io.meterhub.platform.command.CommandService;
import io.meterhub.platform.command.RelayBatchService;
import io.meterhub.platform.console.ConsoleAssets;
import io.meterhub.platform.console.FleetOverview;
import io.meterhub.platform.meter.MeterService;
import io.meterhub.platform.security.TlsMaterial;
import io.meterhub.platform.pki.DeviceCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API v1 server: parse, authorise, call a service off the event loop, render. Build it with {@link
 * #create}, then {@link #start()}; {@link #port()} tells the bound port (useful with port 0).
 */
public final class HttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  static final String OPENAPI_RESOURCE = "/openapi.json";

  private final Vertx vertx;
  private final ApiConfig config;
  private final AuthService auth;
  private final MeterService meters;
  private final WorkerExecutor workers;
  private final Router router;
  private volatile HttpServer server;
  private volatile HttpServer plainServer;

  private HttpApi(Vertx vertx, ApiConfig config, ApiDependencies deps, CommandService commands,
      RelayBatchService batches, DeviceCertificates pki) {
    this.vertx = vertx;
    this.config = config;
    PasswordHasher hasher = new PasswordHasher(config.bcryptCost());
    TokenService tokens = new TokenService(deps.hazelcast(), deps.clock(), config.tokenTtl());
    LoginThrottle throttle = new LoginThrottle(config.loginMaxFailures(), config.loginWindow(),
        config.limits().loginLockoutMax(), deps.clock());
    this.auth = new AuthService(deps.users(), hasher, tokens, deps.audit(), throttle, deps.clock());
    this.meters = new MeterService(deps.meters(), deps.liveState(), deps.credentials(), deps.readings(),
        deps.audit(), config.knownModels(), deps.clock());
    this.workers = vertx.createSharedWorkerExecutor("meterhub-api", config.workerPoolSize());
    Blocking blocking = new Blocking(workers);

    Map<String, HealthCheck> checks = new LinkedHashMap<>(deps.healthChecks());
    checks.putIfAbsent("hazelcast", () -> {
      if (!deps.hazelcast().getLifecycleService().isRunning()) {
        throw new IllegalStateException("Hazelcast member is not running");
      }
    });

    this.router = Router.router(vertx);
    HttpMetrics metrics = new HttpMetrics(deps.registry());
    router.route().handler(metrics::handle);
    router.route().handler(ctx -> {
      SecurityHeaders.apply(ctx.response());
      ctx.next();
    });
    router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    router.route("/api/v1/*").handler(Replies.durableWith(deps.durability()));
    ErrorHandling.install(router);

    RouteTable routes = new RouteTable(router, new Access(auth, blocking));
    ClientLimits.declare(routes, config.limits(), deps.clock());
    new OpsRoutes(checks, deps.registry(), loadOpenApi(), blocking).register(routes);
    new AuthRoutes(auth, blocking).register(routes);
    new UserRoutes(auth, blocking).register(routes);
    new MeterRoutes(meters, blocking).register(routes);
    new ReadingRoutes(meters, blocking).register(routes);
    new AuditRoutes(deps.audit(), deps.auditTree(), blocking).register(routes);
    if (deps.events() != null) {
      new EventRoutes(deps.events(), blocking).register(routes);
      new AlarmRoutes(deps.events(), blocking).register(routes);
      new WebhookRoutes(deps.events().webhooks(), blocking).register(routes);
      new StreamRoutes(vertx, auth, new StreamTickets(deps.hazelcast()), blocking).register(routes);
    }
    new PrepayRoutes(deps.prepay(), blocking).register(routes);
    new AnalyticsRoutes(deps.analytics(), deps.privacy() == null ? null : deps.privacy().customers(), blocking)
        .register(routes);
    if (deps.privacy() != null) {
      new CustomerRoutes(deps.privacy().customers(), blocking).register(routes);
      new ConsentRoutes(deps.privacy().consent(), blocking).register(routes);
    }
    new CommandRoutes(commands, blocking, deps.clock()).register(routes);
    new RelayBatchRoutes(batches, blocking).register(routes);
    new FleetRoutes(FleetRoutes.overview(deps), blocking).register(routes);
    new PkiRoutes(pki, blocking).register(routes);
    new ConsoleAssets().mount(router, RouteTable.ROUTE_KEY);
  }

  /** Builds the API and its services (auth, meters) from the dependencies; nothing listens until {@link #start()}. */
  public static HttpApi create(Vertx vertx, ApiConfig config, ApiDependencies deps) {
    return new HttpApi(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(deps, "deps"), null, null, null);
  }

  /** As {@link #create(Vertx, ApiConfig, ApiDependencies)}, with the device command routes backed by a pipeline. */
  public static HttpApi create(Vertx vertx, ApiConfig config, ApiDependencies deps, CommandService commands,
      RelayBatchService batches) {
    return new HttpApi(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(deps, "deps"), Objects.requireNonNull(commands, "commands"),
        Objects.requireNonNull(batches, "batches"), null);
  }

  /** As above, with the device PKI behind its routes ({@code /api/v1/pki/*}, generated meter credentials). */
  public static HttpApi create(Vertx vertx, ApiConfig config, ApiDependencies deps, CommandService commands,
      RelayBatchService batches, DeviceCertificates pki) {
    return new HttpApi(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(deps, "deps"), Objects.requireNonNull(commands, "commands"),
        Objects.requireNonNull(batches, "batches"), Objects.requireNonNull(pki, "pki"));
  }

  /**
   * Creates the first admin if the user store is empty, then listens (HTTPS, and plain HTTP redirecting to it, when
   * configured); completes with the port the API is served on.
   */
  public Future<Integer> start() {
    if (!config.https().enabled()) {
      return workers.executeBlocking(() -> auth.bootstrap(config.adminPassword()), false)
          .compose(created -> vertx.createHttpServer(new HttpServerOptions().setHost(config.host())
                  .setPort(config.port()))
              .requestHandler(router)
              .listen())
          .map(s -> {
            this.server = s;
            LOG.info("REST API listening on {}:{}", config.host(), s.actualPort());
            return s.actualPort();
          });
    }
    return workers.executeBlocking(() -> {
          auth.bootstrap(config.adminPassword());
          return TlsMaterial.resolve(config.https(), config.host());
        }, false)
        .compose(pem -> vertx.createHttpServer(new HttpServerOptions().setHost(config.host())
                .setPort(config.https().port()).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pem.certFile().toString())
                    .setKeyPath(pem.keyFile().toString())))
            .requestHandler(router)
            .listen())
        .compose(s -> {
          this.server = s;
          LOG.info("REST API listening on https://{}:{}", config.host(), s.actualPort());
          if (!config.https().redirectPlain()) {
            return Future.succeededFuture(s.actualPort());
          }
          int target = config.https().redirectPort().orElse(s.actualPort());
          return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
              .requestHandler(request -> HttpsRedirect.send(request, target))
              .listen()
              .map(plain -> {
                this.plainServer = plain;
                LOG.info("Plain HTTP on {}:{} redirects to HTTPS", config.host(), plain.actualPort());
                return s.actualPort();
              });
        });
  }

  /** Stops listening and releases the worker pool. */
  public Future<Void> stop() {
    HttpServer s = server;
    HttpServer plain = plainServer;
    Future<Void> closed = s == null ? Future.succeededFuture() : s.close();
    Future<Void> plainClosed = plain == null ? Future.succeededFuture() : plain.close();
    return Future.join(closed, plainClosed).<Void>mapEmpty().eventually(() -> workers.close());
  }

  /** The plain HTTP port that redirects to HTTPS, if there is one; only valid after {@link #start()}. */
  public Optional<Integer> redirectPort() {
    HttpServer plain = plainServer;
    return plain == null ? Optional.empty() : Optional.of(plain.actualPort());
  }

  /** The bound port (HTTPS when enabled); only valid after {@link #start()} completed. */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.actualPort();
  }

  /** The router (for tests that compare the served routes with the OpenAPI document). */
  public Router router() {
    return router;
  }

  public AuthService authService() {
    return auth;
  }

  public MeterService meterService() {
    return meters;
  }

  static String loadOpenApi() {
    try (InputStream in = HttpApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
