package io.meterhub.platform;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.cluster.ClusterMember;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.server.redis.serialization.ObservationSerDes;
import org.eclipse.leshan.server.redis.serialization.RegistrationSerDes;

/**
 * What the node and a simulated meter know of the meter's session, for the message of a test that timed out waiting
 * for the meter's data: whether the meter was registered, whether the node held that registration and observed it,
 * when it last heard from the meter, and what its LwM2M threads were doing. A wait that fails once in many CI runs
 * then explains itself in the build's summary; the full thread dump goes to the test's output.
 */
final class SessionDiagnostics {

  /** Threads of the node's LwM2M side and of simulated meters. */
  private static final List<String> THREADS = List.of("meterhub-lwm2m", "meterhub-coap", "meter-", "live-state");
  /** Frames of a pool thread waiting for work: such a thread is idle, not stuck. */
  private static final Set<String> IDLE = Set.of("take", "poll", "awaitNanos", "await", "accept", "receive");

  private SessionDiagnostics() {}

  static String describe(PlatformFixture platform, SimulatedMeter meter, String meterId) {
    StringBuilder out = new StringBuilder();
    out.append("\n  meter: registered ").append(meter.isRegistered())
        .append(", registration ").append(meter.registrationId().orElse("none"));
    try {
      HazelcastInstance hazelcast = platform.node.cluster().hazelcast();
      byte[] registration = hazelcast.<String, byte[]>getMap(ClusterMember.REGISTRATIONS).get(meterId);
      String registrationId = registration == null ? null : new RegistrationSerDes().deserialize(registration).getId();
      out.append("\n  node: registration ").append(registrationId == null ? "none" : registrationId)
          .append(", observing ").append(registrationId == null ? "-" : observedPaths(hazelcast, registrationId));
      String path = "/api/v1/meters/" + URLEncoder.encode(meterId, StandardCharsets.UTF_8);
      out.append("\n  status: ").append(platform.getJson(path).encode());
    } catch (RuntimeException e) {
      out.append("\n  node unreadable: ").append(e);
    }
    String busy = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
        .filter(t -> THREADS.stream().anyMatch(t.getThreadName()::startsWith) && !idle(t))
        .map(t -> "\n  " + t.getThreadName() + " " + t.getThreadState() + Arrays.stream(t.getStackTrace()).limit(6)
            .map(f -> "\n      at " + f).collect(Collectors.joining()))
        .collect(Collectors.joining());
    out.append("\n  busy LwM2M threads:").append(busy.isEmpty() ? " none" : busy);
    // ThreadInfo.toString() keeps 8 frames; the whole stacks are what a hang needs
    System.out.println("Thread dump for the failure below:" + Arrays.stream(
        ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
        .map(t -> "\n\"" + t.getThreadName() + "\" " + t.getThreadState()
            + (t.getLockName() == null ? "" : " on " + t.getLockName())
            + (t.getLockOwnerName() == null ? "" : " held by \"" + t.getLockOwnerName() + "\"")
            + Arrays.stream(t.getStackTrace()).map(f -> "\n    at " + f).collect(Collectors.joining()))
        .collect(Collectors.joining()));
    return out.toString();
  }

  private static List<String> observedPaths(HazelcastInstance hazelcast, String registrationId) {
    String[] tokens = hazelcast.<String, String[]>getMap(ClusterMember.OBSERVATION_TOKENS).get(registrationId);
    if (tokens == null) {
      return List.of();
    }
    ObservationSerDes serDes = new ObservationSerDes();
    return Arrays.stream(tokens)
        .map(token -> hazelcast.<String, byte[]>getMap(ClusterMember.OBSERVATIONS).get(token))
        .map(bytes -> bytes == null ? "(gone)" : pathOf(serDes.deserialize(bytes)))
        .toList();
  }

  private static String pathOf(Observation observation) {
    return observation instanceof SingleObservation single ? single.getPath().toString() : observation.toString();
  }

  private static boolean idle(ThreadInfo thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    return Arrays.stream(stack).limit(8).anyMatch(f -> IDLE.contains(f.getMethodName())
        && (f.getClassName().startsWith("java.util.concurrent") || f.getClassName().startsWith("sun.nio")
            || f.getClassName().startsWith("java.net") || f.getClassName().startsWith("org.eclipse.californium")));
  }
}
