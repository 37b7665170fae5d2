package io.meterhub.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Faults: (1) meters behind a NAT get new source ports and must carry on without a new handshake (DTLS Connection
 * ID), (2) a few meters drop off and come back from a new port and must register again, (3) meters with wrong keys
 * must be refused.
 */
final class FaultPhase {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private final LoadTarget target;
  private final Results results;

  FaultPhase(LoadTarget target, Results results) {
    this.target = Objects.requireNonNull(target, "target");
    this.results = Objects.requireNonNull(results, "results");
  }

  Results.PhaseOutcome run(UdpNat nat, List<SimMeter> rebinding, List<SimMeter> droppers, List<SimMeter> wrongKeys)
      throws InterruptedException {
    long start = System.nanoTime();
    List<String> notes = new ArrayList<>();
    if (nat != null && !rebinding.isEmpty()) {
      notes.add(target.supportsConnectionId() ? rebind(nat, rebinding)
          : "NAT rebinding not exercised: " + target.name() + " runs without DTLS Connection ID");
    }
    if (!droppers.isEmpty()) {
      notes.add(dropAndReturn(droppers));
    }
    if (!wrongKeys.isEmpty()) {
      notes.add(wrongKeys(wrongKeys));
    }
    return new Results.PhaseOutcome("faults", "done", String.join("; ", notes), (System.nanoTime() - start) / 1e9);
  }

  private String rebind(UdpNat nat, List<SimMeter> meters) throws InterruptedException {
    List<SimMeter> live = meters.stream().filter(SimMeter::registered).toList();
    Map<SimMeter, Long> before = new java.util.HashMap<>();
    live.forEach(m -> before.put(m, m.updates()));
    long handshakesBefore = target.stats().handshakesOk();
    nat.rebindAll();
    live.forEach(m -> m.meter().triggerUpdate());
    boolean all =
        Poll.until(WAIT, Duration.ofMillis(200), () -> live.stream().allMatch(m -> m.updates() > before.get(m)));
    long handshakes = handshakesBefore < 0 ? -1 : target.stats().handshakesOk() - handshakesBefore;
    long updated = live.stream().filter(m -> m.updates() > before.get(m)).count();
    results.count("rebindUpdated", updated);
    results.figure("rebindMeters", live.size());
    results.figure("rebindNewHandshakes", handshakes);
    if (!all) {
      results.error("faults.rebindUpdateLost", (live.size() - updated) + " of " + live.size() + " meters");
    }
    if (target.supportsConnectionId() && handshakes > 0) {
      results.error("faults.rebindNewHandshake", handshakes + " handshakes after a NAT rebinding of " + live.size());
    }
    return live.size() + " meters rebound by the NAT, " + updated + " updated, " + handshakes + " new handshakes";
  }

  private String dropAndReturn(List<SimMeter> meters) {
    List<SimMeter> live = meters.stream().filter(SimMeter::registered).toList();
    // Coming back from a new port, a meter's first Update may not match its old session: it registers again.
    live.forEach(m -> m.expectTrouble(true));
    live.forEach(m -> m.meter().stop(false));
    live.forEach(SimMeter::start);
    boolean all = Poll.until(WAIT, Duration.ofMillis(200), () -> live.stream().allMatch(SimMeter::registered));
    // Left set: Leshan's client can still report the failed update of its old registration after re-registering.
    long back = live.stream().filter(SimMeter::registered).count();
    results.count("droppedAndReturned", back);
    if (!all) {
      results.error("faults.notReturned", (live.size() - back) + " of " + live.size() + " meters");
    }
    return back + " of " + live.size() + " dropped meters came back from new ports";
  }

  private String wrongKeys(List<SimMeter> meters) {
    long failedBefore = target.stats().handshakesFailed();
    meters.forEach(SimMeter::start);
    // Refusal shows as failed handshakes at the target (when it counts them) or, later, as failed or timed-out
    // registrations at the meters; wait for either, bounded.
    Poll.until(WAIT, Duration.ofMillis(500), () -> meters.stream().allMatch(m -> m.failures() > 0 || m.registered())
        || (failedBefore >= 0 && target.stats().handshakesFailed() - failedBefore >= meters.size()));
    long refused = meters.stream().filter(m -> !m.everRegistered()).count();
    results.count("wrongKeyRefused", refused);
    if (refused < meters.size()) {
      results.error("faults.wrongKeyAccepted", (meters.size() - refused) + " meters with wrong keys registered");
    }
    long failed = failedBefore < 0 ? -1 : target.stats().handshakesFailed() - failedBefore;
    results.figure("wrongKeyHandshakeFailures", failed);
    meters.forEach(m -> m.meter().stop(false));
    return refused + " of " + meters.size() + " wrong-key meters refused (" + failed + " failed handshakes seen)";
  }
}
