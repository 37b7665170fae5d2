package io.meterhub.platform.common;

/** The request collides with existing state (duplicate id, duplicate identity, ...). */
public final class ConflictException extends RuntimeException {

  public ConflictException(String detail) {
    super(detail, null, false, false);
  }
}
