package io.meterhub.platform.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/** The plain HTTP listener when HTTPS is on: 308 to the same path on https (method and body are kept by clients). */
final class HttpsRedirect {

  private HttpsRedirect() {}

  static void send(HttpServerRequest request, int httpsPort) {
    HostAndPort authority = request.authority();
    String host = authority == null ? "localhost" : authority.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + request.uri();
    request.response().setStatusCode(308).putHeader("Location", location).putHeader("Content-Length", "0").end();
  }
}
