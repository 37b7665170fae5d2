package io.meterhub.platform.api;

/** An HTTP-level failure with the status and detail the client sees. */
final class ApiException extends RuntimeException {

  private final int status;

  ApiException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }

  static ApiException unauthorized(String detail) {
    return new ApiException(401, detail);
  }

  static ApiException forbidden() {
    return new ApiException(403, "Your roles do not allow this operation");
  }

  static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }
}
