package io.meterhub.platform.api;

import io.meterhub.platform.common.FieldError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Writes RFC 9457 problem documents: the only shape an error leaves the API in. */
final class Problems {

  static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  static void send(HttpServerResponse response, int status, String detail, List<FieldError> errors) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail);
    if (errors != null && !errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", list);
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    SecurityHeaders.apply(response);
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }
}
