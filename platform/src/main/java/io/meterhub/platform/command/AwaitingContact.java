package io.meterhub.platform.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters this node holds commands for but could not reach (a queue-mode meter asleep, a session that went quiet):
 * only for these is a meter's next message worth a delivery check. Node-local and self-cleaning: the next attempt
 * that reaches the meter, or finds nothing queued, removes it. Without this set every notification of every meter
 * cost a cluster look-up and a delivery slot, and real commands queued behind thousands of empty checks a second.
 */
final class AwaitingContact {

  private final Set<String> meters = ConcurrentHashMap.newKeySet();

  void add(String meterId) {
    meters.add(meterId);
  }

  void remove(String meterId) {
    meters.remove(meterId);
  }

  boolean contains(String meterId) {
    return meters.contains(meterId);
  }
}
