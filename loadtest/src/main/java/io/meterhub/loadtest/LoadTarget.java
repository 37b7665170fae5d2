package io.meterhub.loadtest;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What the simulated meters are aimed at: the meterhub platform (one or more nodes) or the bare Leshan baseline. */
public interface LoadTarget extends AutoCloseable {

  /** {@code platform} or {@code baseline}. */
  String name();

  /** The CoAPS URIs meters connect to; meters are dealt round-robin over them. */
  List<URI> coapsUris();

  /** Makes the meters known to the target (credentials), idempotently; failures are recorded in {@code results}. */
  void provision(List<MeterIdentity> meters, int parallelism, Results results);

  /** Target-side counters and resource use now. */
  TargetStats stats();

  /** The REST API, for targets that have one. */
  Optional<PlatformApi> api();

  /** Whether a meter keeps its DTLS session across a NAT rebinding (Connection ID). */
  boolean supportsConnectionId();

  /** Whether resource figures (heap, CPU, threads) include the simulator (the target runs in this JVM). */
  boolean inProcess();

  @Override
  void close();
}
