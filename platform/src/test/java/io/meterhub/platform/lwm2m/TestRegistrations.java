package io.meterhub.platform.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.server.registration.Registration;

/** Registrations for store tests: a PSK meter {@code id-<endpoint>} on 127.0.0.1 with the device object only. */
final class TestRegistrations {

  private TestRegistrations() {}

  static Registration registration(String id, String endpoint, int port, long lifetime, Instant at) {
    IpPeer peer = new IpPeer(new InetSocketAddress("127.0.0.1", port), new PskIdentity("id-" + endpoint));
    Date now = Date.from(at);
    return new Registration.Builder(id, endpoint, peer, URI.create("coaps://127.0.0.1:5684"))
        .lifeTimeInSec(lifetime)
        .registrationDate(now)
        .lastUpdate(now)
        .objectLinks(new Link[] {new Link("/3/0")})
        .build();
  }
}
