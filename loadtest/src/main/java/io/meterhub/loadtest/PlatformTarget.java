package io.meterhub.loadtest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One or more running meterhub nodes, reached through their REST API, {@code /metrics} and CoAPS ports. */
public class PlatformTarget implements LoadTarget {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformTarget.class);

  private final List<PlatformApi> nodes;
  private final List<URI> coaps;
  private final boolean inProcess;

  /**
   * @param nodes the nodes' APIs; provisioning goes through the first, metrics are summed over all
   * @param coaps where meters connect
   */
  public PlatformTarget(List<PlatformApi> nodes, List<URI> coaps, boolean inProcess) {
    if (nodes.isEmpty() || coaps.isEmpty()) {
      throw new IllegalArgumentException("at least one node and one CoAPS URI");
    }
    this.nodes = List.copyOf(nodes);
    this.coaps = List.copyOf(coaps);
    this.inProcess = inProcess;
  }

  @Override
  public String name() {
    return "platform";
  }

  @Override
  public List<URI> coapsUris() {
    return coaps;
  }

  @Override
  public void provision(List<MeterIdentity> meters, int parallelism, Results results) {
    PlatformApi api = nodes.get(0);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism));
    try {
      for (MeterIdentity meter : meters) {
        pool.execute(
            () -> {
              try {
                PlatformApi.Reply reply = api.createMeter(meter);
                if (reply.status() == 201) {
                  results.count("provision.created");
                } else if (reply.status() == 409) {
                  results.count("provision.existing");
                } else {
                  results.error("provision.http" + reply.status(), reply.body());
                }
              } catch (RuntimeException e) {
                results.error("provision.io", e.getMessage());
              }
            });
      }
    } finally {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
          LOG.warn("Provisioning did not finish in 30 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public TargetStats stats() {
    long registrations = -1;
    double notifications = 0;
    double readings = 0;
    double ok = 0;
    double failed = 0;
    double heap = 0;
    double cpu = 0;
    double threads = 0;
    for (PlatformApi node : nodes) {
      PromText prom;
      try {
        prom = new PromText(node.metrics());
      } catch (RuntimeException e) {
        return TargetStats.UNKNOWN;
      }
      // The registration gauge is cluster-wide on every node: take the largest, not the sum.
      registrations = Math.max(registrations, (long) prom.sum("meterhub_lwm2m_registrations"));
      notifications += Math.max(0, prom.sum("meterhub_lwm2m_notifications_total"));
      readings += Math.max(0, prom.sum("meterhub_readings_ingested_total"));
      ok += Math.max(0, prom.sum("meterhub_dtls_handshakes_total", Map.of("result", "success")));
      failed += Math.max(0, prom.sum("meterhub_dtls_handshakes_total", Map.of("result", "failure")));
      heap += Math.max(0, prom.sum("jvm_memory_used_bytes", Map.of("area", "heap")));
      cpu += Math.max(0, prom.sum("process_cpu_usage"));
      threads += Math.max(0, prom.sum("jvm_threads_live_threads"));
    }
    return new TargetStats(
        registrations, (long) notifications, (long) readings, (long) ok, (long) failed, (long) heap,
        cpu / nodes.size(), (long) threads);
  }

  @Override
  public Optional<PlatformApi> api() {
    return Optional.of(nodes.get(0));
  }

  @Override
  public boolean supportsConnectionId() {
    return true;
  }

  @Override
  public boolean inProcess() {
    return inProcess;
  }

  /** The CoAPS URI of a node reached at {@code http}: same host, the default port 5684. */
  public static URI deriveCoaps(URI http) {
    Objects.requireNonNull(http, "http");
    return URI.create("coaps://" + http.getHost() + ":5684");
  }

  /** All APIs, for subclasses that own the nodes. */
  protected List<PlatformApi> nodes() {
    return new ArrayList<>(nodes);
  }

  @Override
  public void close() {}
}
