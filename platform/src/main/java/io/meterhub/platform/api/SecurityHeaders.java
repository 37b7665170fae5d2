package io.meterhub.platform.api;

import io.vertx.core.http.HttpServerResponse;

/** Headers every response carries: no MIME sniffing, no caching of API data by browsers or proxies. */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void apply(HttpServerResponse response) {
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("Cache-Control", "no-store");
  }
}
