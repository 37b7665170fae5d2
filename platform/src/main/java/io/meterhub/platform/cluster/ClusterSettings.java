package io.meterhub.platform.cluster;

import java.util.List;
import java.util.Objects;

/**
 * How this node joins the meterhub cluster.
 *
 * @param nodeId number of this node, 0–255; also the first byte of the DTLS connection ids this node issues
 * @param clusterName Hazelcast cluster name; nodes with different names never join
 * @param bindHost interface to bind and advertise (e.g. {@code 127.0.0.1}, or the pod IP)
 * @param port first port to try (5701 by default); the next ones are tried when it is taken, 0 = any free port
 * @param members {@code host[:port]} of the other members (TCP-IP join); empty = a single-member cluster
 */
public record ClusterSettings(int nodeId, String clusterName, String bindHost, int port, List<String> members) {

  public static final int DEFAULT_PORT = 5701;

  public ClusterSettings {
    if (nodeId < 0 || nodeId > 255) {
      throw new IllegalArgumentException("nodeId must be 0..255: " + nodeId);
    }
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(bindHost, "bindHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port);
    }
    members = List.copyOf(Objects.requireNonNull(members, "members"));
  }

  /** A single member on {@code bindHost}, default port. */
  public static ClusterSettings single(int nodeId, String clusterName, String bindHost) {
    return new ClusterSettings(nodeId, clusterName, bindHost, DEFAULT_PORT, List.of());
  }

  /** The node name used in live state and logs ({@code node-<id>}). */
  public String nodeName() {
    return "node-" + nodeId;
  }
}
