package io.meterhub.platform.command;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The atomic changes of one meter's queue of undelivered commands, run by Hazelcast where the entry lives (and
 * replayed on its backup, so each is deterministic: the time comes in as a field). Named classes rather than lambdas:
 * they are serialized to members that may run another build.
 */
final class PendingOps {

  private PendingOps() {}

  /** One waiting command and the earliest time it may be (re)sent. */
  record Queued(Command command, Instant notBefore) implements Serializable {}

  /** The undelivered commands of one meter, oldest first; the head is delivered first. */
  record MeterQueue(List<Queued> items) implements Serializable {
    MeterQueue {
      items = List.copyOf(items);
    }
  }

  /** Result of {@link Claim}: commands that expired, the one to deliver now (or null), and when to look again. */
  record Claimed(List<Command> expired, Command claimed, Instant retryAt) implements Serializable {}

  /** Result of {@link Sweep}. */
  record Swept(List<Command> expired, boolean deliverable) implements Serializable {}

  /** Outcome of {@link Cancel}. */
  enum CancelResult {
    REMOVED,
    IN_FLIGHT,
    ABSENT
  }

  private abstract static class Op<R> implements EntryProcessor<String, MeterQueue, R> {
    @Override
    public R process(Map.Entry<String, MeterQueue> entry) {
      List<Queued> before = entry.getValue() == null ? List.of() : entry.getValue().items();
      List<Queued> items = new ArrayList<>(before);
      R result = apply(items);
      // Only a change is written back: the once-a-second sweep visits every queue, and an unconditional set made each
      // visit a write and a backup copy (profiled: Hazelcast's partition threads took ~20 % of the node's CPU with 5,000
      // meters' display updates queued).
      if (!items.equals(before)) {
        entry.setValue(items.isEmpty() ? null : new MeterQueue(items));
      }
      return result;
    }

    abstract R apply(List<Queued> items);
  }

  /**
   * Appends a command; with {@code supersedeType}, first removes waiting commands of that type and returns them. A
   * command already queued (same id) is left as it is, so restoring after a restart can never queue it twice.
   */
  static final class Enqueue extends Op<ArrayList<Command>> {
    private final Command command;
    private final String supersedeType;

    Enqueue(Command command, String supersedeType) {
      this.command = command;
      this.supersedeType = supersedeType;
    }

    @Override
    ArrayList<Command> apply(List<Queued> items) {
      ArrayList<Command> superseded = new ArrayList<>();
      if (items.stream().anyMatch(q -> q.command().id().equals(command.id()))) {
        return superseded;
      }
      if (supersedeType != null) {
        items.removeIf(
            q -> {
              boolean older = q.command().status() == CommandStatus.PENDING && q.command().type().equals(supersedeType);
              if (older) {
                superseded.add(q.command());
              }
              return older;
            });
      }
      items.add(new Queued(command, command.createdAt()));
      return superseded;
    }
  }

  /** Removes expired waiting commands, then marks the head sent when it is due and nothing is in flight. */
  static final class Claim extends Op<Claimed> {
    private final Instant now;

    Claim(Instant now) {
      this.now = now;
    }

    @Override
    Claimed apply(List<Queued> items) {
      List<Command> expired = removeExpired(items, now);
      if (items.isEmpty()) {
        return new Claimed(expired, null, null);
      }
      Queued head = items.get(0);
      if (head.command().status() == CommandStatus.SENT) {
        return new Claimed(expired, null, null);
      }
      if (head.notBefore().isAfter(now)) {
        return new Claimed(expired, null, head.notBefore());
      }
      Command sent = head.command().sentAt(now);
      items.set(0, new Queued(sent, head.notBefore()));
      return new Claimed(expired, sent, null);
    }
  }

  /** Removes a command that reached a final state; false when it was not there (someone else finished it). */
  static final class Finish extends Op<Boolean> {
    private final String id;

    Finish(String id) {
      this.id = id;
    }

    @Override
    Boolean apply(List<Queued> items) {
      return items.removeIf(q -> q.command().id().equals(id));
    }
  }

  /** Puts a sent command back to waiting until {@code notBefore}; the updated command, or null when absent. */
  static final class Release extends Op<Command> {
    private final String id;
    private final Instant now;
    private final Instant notBefore;
    private final String why;
    private final boolean countAttempt;

    Release(String id, Instant now, Instant notBefore, String why, boolean countAttempt) {
      this.id = id;
      this.now = now;
      this.notBefore = notBefore;
      this.why = why;
      this.countAttempt = countAttempt;
    }

    @Override
    Command apply(List<Queued> items) {
      for (int i = 0; i < items.size(); i++) {
        Command c = items.get(i).command();
        if (c.id().equals(id)) {
          Command waiting = c.requeuedAt(now, why, countAttempt);
          items.set(i, new Queued(waiting, notBefore));
          return waiting;
        }
      }
      return null;
    }
  }

  /** Removes a command that is still waiting. */
  static final class Cancel extends Op<CancelResult> {
    private final String id;

    Cancel(String id) {
      this.id = id;
    }

    @Override
    CancelResult apply(List<Queued> items) {
      for (int i = 0; i < items.size(); i++) {
        Command c = items.get(i).command();
        if (c.id().equals(id)) {
          if (c.status() != CommandStatus.PENDING) {
            return CancelResult.IN_FLIGHT;
          }
          items.remove(i);
          return CancelResult.REMOVED;
        }
      }
      return CancelResult.ABSENT;
    }
  }

  /**
   * Housekeeping: removes expired waiting commands and puts back to waiting a command marked sent before
   * {@code staleBefore} (its node died mid-delivery). Reports whether something is due for delivery.
   */
  static final class Sweep extends Op<Swept> {
    private final Instant now;
    private final Instant staleBefore;

    Sweep(Instant now, Instant staleBefore) {
      this.now = now;
      this.staleBefore = staleBefore;
    }

    @Override
    Swept apply(List<Queued> items) {
      List<Command> expired = removeExpired(items, now);
      if (items.isEmpty()) {
        return new Swept(expired, false);
      }
      Queued head = items.get(0);
      Command c = head.command();
      if (c.status() == CommandStatus.SENT && c.updatedAt().isBefore(staleBefore)) {
        items.set(0, new Queued(c.requeuedAt(now, "delivery interrupted", true), now));
        return new Swept(expired, true);
      }
      return new Swept(expired, c.status() == CommandStatus.PENDING && !head.notBefore().isAfter(now));
    }
  }

  private static List<Command> removeExpired(List<Queued> items, Instant now) {
    List<Command> expired = new ArrayList<>();
    items.removeIf(
        q -> {
          boolean gone = q.command().status() == CommandStatus.PENDING && !q.command().deadline().isAfter(now);
          if (gone) {
            expired.add(q.command());
          }
          return gone;
        });
    return expired;
  }
}
