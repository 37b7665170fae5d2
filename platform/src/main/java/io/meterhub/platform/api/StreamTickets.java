package io.meterhub.platform.api;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.meterhub.platform.auth.Principal;
import io.meterhub.platform.auth.Role;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Short-lived, single-use tickets for the live stream: a browser's EventSource cannot send an Authorization header,
 * and a bearer token in a URL would end up in access logs and browser history for its whole lifetime. A ticket lives
 * {@link #TTL}, works once, and is kept in Hazelcast so that any node can redeem it. Blocking (Hazelcast calls).
 */
final class StreamTickets {

  static final Duration TTL = Duration.ofSeconds(30);
  private static final String MAP = "meterhub.stream-tickets";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IMap<String, String> tickets;

  StreamTickets(HazelcastInstance hazelcast) {
    this.tickets = hazelcast.getMap(MAP);
  }

  /** Issues a ticket for this principal. */
  String issue(Principal principal) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String roles = principal.roles().stream().map(Role::apiName).sorted().collect(Collectors.joining(","));
    tickets.set(ticket, principal.username() + "|" + roles, TTL.toSeconds(), TimeUnit.SECONDS);
    return ticket;
  }

  /** The principal of a valid ticket, which is consumed; empty for unknown, used or expired tickets. */
  Optional<Principal> redeem(String ticket) {
    String value = tickets.remove(ticket);
    if (value == null) {
      return Optional.empty();
    }
    int bar = value.lastIndexOf('|');
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : value.substring(bar + 1).split(",")) {
      Role.fromApiName(name).ifPresent(roles::add);
    }
    return Optional.of(new Principal(value.substring(0, bar), roles));
  }
}
