package io.meterhub.platform.command;

import io.meterhub.platform.lwm2m.DeviceDownlink;
import java.util.concurrent.CompletionStage;

/**
 * Delivers commands of one type to a meter and decides the outcome. One implementation per type (relay, display push;
 * firmware later). Called on a command worker thread for a meter this node holds the session of; must not
 * block beyond starting its requests.
 */
public interface CommandExecutor {

  /** The command type it handles, e.g. {@code relay}. */
  String type();

  /** Validates a requested target; an error message, or null when it is acceptable. */
  String validateTarget(String target);

  /**
   * Whether a new command of this type cancels the older commands of the same type (and only those) that still wait
   * for the same meter: true where only the newest target matters.
   */
  default boolean supersedesWaiting() {
    return false;
  }

  /**
   * Whether every step of this type's commands is audited (created, sent, retried, final). False for frequent,
   * low-stakes types: only failures and expiries are audited then; the command history keeps every step anyway.
   */
  default boolean auditsEveryStep() {
    return true;
  }

  /** Delivers the command and reports what became of it. */
  CompletionStage<Outcome> execute(Command command, DeviceDownlink downlink);

  /**
   * What became of one delivery attempt.
   *
   * @param kind the result
   * @param error why it failed or must be retried; null on confirmation
   */
  record Outcome(Kind kind, String error) {

    /** Kinds of outcome. */
    public enum Kind {
      /** The meter reports the target: final. */
      CONFIRMED,
      /** The meter refused or did not change: final. */
      FAILED,
      /** No answer (or an error worth retrying): try again after a backoff. */
      RETRY,
      /** Nothing was sent (not registered, or asleep): wait until the meter shows up again. */
      UNREACHABLE
    }

    public static Outcome confirmed() {
      return new Outcome(Kind.CONFIRMED, null);
    }

    public static Outcome failed(String error) {
      return new Outcome(Kind.FAILED, error);
    }

    public static Outcome retry(String error) {
      return new Outcome(Kind.RETRY, error);
    }

    public static Outcome unreachable(String error) {
      return new Outcome(Kind.UNREACHABLE, error);
    }
  }
}
