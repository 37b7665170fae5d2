package io.meterhub.platform.lwm2m;

import static org.assertj.core.api.Assertions.fail;

import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.cluster.ClusterSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Test helpers: Hazelcast members on 127.0.0.1 with a random cluster name, bounded polling. */
public final class TestCluster {

  private TestCluster() {}

  public static String randomClusterName() {
    return "test-" + UUID.randomUUID();
  }

  /** Starts a member on any free port that joins {@code others} (none = first member). */
  public static ClusterMember member(int nodeId, String clusterName, ClusterMember... others) {
    List<String> members = new ArrayList<>();
    for (ClusterMember other : others) {
      InetSocketAddress a = other.address();
      members.add("127.0.0.1:" + a.getPort());
    }
    return ClusterMember.start(new ClusterSettings(nodeId, clusterName, "127.0.0.1", 0, members));
  }

  /** Polls {@code condition} every 50 ms until true or {@code timeout}; fails with {@code what} otherwise. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
