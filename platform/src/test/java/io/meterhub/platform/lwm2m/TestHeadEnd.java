package io.meterhub.platform.lwm2m;

import io.meterhub.platform.cluster.ClusterMember;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.core.model.ObjectLoader;

/**
 * One node's LwM2M head-end for tests: a Hazelcast member of its own cluster, the shared stores, a recording handler,
 * and a server on an ephemeral loopback CoAPS port observing the device object (/3/0) of every meter that registers.
 */
record TestHeadEnd(
    ClusterMember member,
    HazelcastRegistrationStore registrations,
    HazelcastSecurityStore credentials,
    SimpleMeterRegistry metrics,
    RecordingHandler handler,
    MeterLwM2mServer server)
    implements AutoCloseable {

  static TestHeadEnd start(int nodeId) {
    ClusterMember member = TestCluster.member(nodeId, TestCluster.randomClusterName());
    HazelcastRegistrationStore registrations = new HazelcastRegistrationStore(member.hazelcast());
    HazelcastSecurityStore credentials = new HazelcastSecurityStore(member.hazelcast());
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    RecordingHandler handler = new RecordingHandler();
    MeterLwM2mServer server =
        MeterLwM2mServer.builder()
            .registrationStore(registrations)
            .securityStore(credentials)
            .models(ObjectLoader.loadDefault())
            .observeTargets(endpoint -> List.of(new ObserveTarget("/3/0", 0, 0)))
            .handler(handler)
            .metrics(metrics)
            .nodeId(nodeId)
            .coaps("127.0.0.1", 0)
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    server.start();
    return new TestHeadEnd(member, registrations, credentials, metrics, handler, server);
  }

  @Override
  public void close() {
    server.close();
    member.close();
  }
}
