package io.meterhub.loadtest;

import io.meterhub.platform.PlatformNode;
import io.meterhub.platform.config.MeterhubConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A meterhub node started in this JVM: embedded H2 in {@code dataDir}, ephemeral ports on loopback, its own
 * Hazelcast cluster (random name, no multicast). Heap, CPU and threads reported by its {@code /metrics} then include
 * the simulator.
 */
public final class EmbeddedPlatform extends PlatformTarget {

  private final PlatformNode node;

  private EmbeddedPlatform(PlatformNode node, PlatformApi api, URI coaps) {
    super(List.of(api), List.of(coaps), true);
    this.node = node;
  }

  /** Starts a node; returns once it serves. */
  public static EmbeddedPlatform start(Path dataDir, String adminPassword) {
    return start(dataDir, adminPassword, Map.of());
  }

  /** Starts a node with further configuration keys (e.g. {@code METERHUB_MEASUREMENT_PMIN_SECONDS}). */
  public static EmbeddedPlatform start(Path dataDir, String adminPassword, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>();
    env.put("METERHUB_NODE_ID", "1");
    env.put("METERHUB_DATA_DIR", dataDir.toString());
    env.put("METERHUB_HTTP_HOST", "127.0.0.1");
    env.put("METERHUB_HTTP_PORT", "0");
    env.put("METERHUB_COAP_HOST", "127.0.0.1");
    env.put("METERHUB_COAPS_PORT", "0");
    env.put("METERHUB_ADMIN_PASSWORD", adminPassword);
    env.put("METERHUB_CLUSTER_NAME", "loadtest-" + UUID.randomUUID());
    env.put("METERHUB_CLUSTER_HOST", "127.0.0.1");
    env.put("METERHUB_CLUSTER_PORT", "0");
    env.put("METERHUB_CLUSTER_MEMBERS", "");
    env.putAll(settings);
    PlatformNode node = PlatformNode.start(MeterhubConfig.from(env));
    URI http = URI.create("http://127.0.0.1:" + node.httpPort());
    URI coaps = URI.create("coaps://127.0.0.1:" + node.coapsUri().getPort());
    return new EmbeddedPlatform(node, new PlatformApi(http, adminPassword), coaps);
  }

  @Override
  public void close() {
    node.close();
  }
}
