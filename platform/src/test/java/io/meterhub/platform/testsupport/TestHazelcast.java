package io.meterhub.platform.testsupport;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;

/** An embedded Hazelcast member isolated for one test: random cluster name, loopback only, TCP-IP join. */
public final class TestHazelcast {

  private TestHazelcast() {}

  public static HazelcastInstance start() {
    return Hazelcast.newHazelcastInstance(config("test-" + UUID.randomUUID(), "127.0.0.1"));
  }

  /** A second member of {@code first}'s cluster. */
  public static HazelcastInstance join(HazelcastInstance first) {
    java.net.InetSocketAddress address = (java.net.InetSocketAddress) first.getLocalEndpoint().getSocketAddress();
    return Hazelcast.newHazelcastInstance(
        config(first.getConfig().getClusterName(), "127.0.0.1:" + address.getPort()));
  }

  private static Config config(String clusterName, String member) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(0);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember(member);
    config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    return config;
  }
}
