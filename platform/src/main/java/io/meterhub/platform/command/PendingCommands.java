package io.meterhub.platform.command;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.command.PendingOps.CancelResult;
import io.meterhub.platform.command.PendingOps.Claimed;
import io.meterhub.platform.command.PendingOps.MeterQueue;
import io.meterhub.platform.command.PendingOps.Swept;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Undelivered commands per meter in a Hazelcast map (one backup), so a node failure loses none. Every change is an
 * entry processor on the meter's key: creating, claiming, finishing and cancelling one meter's commands are
 * serialized cluster-wide, which is what makes "one command at a time per meter" and "final exactly once" hold.
 * Blocking (cluster calls).
 */
final class PendingCommands {

  /** Map name: meter id → its queue of undelivered commands. */
  static final String MAP = ClusterMember.PENDING_COMMANDS;

  private final HazelcastInstance hazelcast;
  private final IMap<String, MeterQueue> map;

  PendingCommands(HazelcastInstance hazelcast) {
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.map = hazelcast.getMap(MAP);
  }

  /** Appends; returns the waiting commands of {@code supersedeType} it replaced (empty when null). */
  List<Command> enqueue(Command command, String supersedeType) {
    return map.executeOnKey(command.meterId(), new PendingOps.Enqueue(command, supersedeType));
  }

  Claimed claim(String meterId, Instant now) {
    return map.executeOnKey(meterId, new PendingOps.Claim(now));
  }

  boolean finish(String meterId, String commandId) {
    return map.executeOnKey(meterId, new PendingOps.Finish(commandId));
  }

  /** Null when the command is no longer queued. */
  Command release(String meterId, String commandId, Instant now, Instant notBefore, String why, boolean counted) {
    return map.executeOnKey(meterId, new PendingOps.Release(commandId, now, notBefore, why, counted));
  }

  CancelResult cancel(String meterId, String commandId) {
    return map.executeOnKey(meterId, new PendingOps.Cancel(commandId));
  }

  /** True when the meter has undelivered commands (cheap pre-check before a delivery attempt). */
  boolean hasAny(String meterId) {
    return map.containsKey(meterId);
  }

  /**
   * Sweeps every queue when this is the cluster's oldest member (one partition-wide pass); other members sweep nothing,
   * and the next oldest takes over when it leaves. (Sweeping this member's own keys with executeOnKeys cost, per
   * partition, a pass over the whole key set: with 5,000 queues a tenth of the node's CPU in the load test.)
   */
  Map<String, Swept> sweep(Instant now, Instant staleBefore) {
    if (!hazelcast.getCluster().getMembers().iterator().next().localMember()) {
      return Map.of();
    }
    return map.executeOnEntries(new PendingOps.Sweep(now, staleBefore));
  }
}
