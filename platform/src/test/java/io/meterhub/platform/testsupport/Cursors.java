package io.meterhub.platform.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors for the in-memory stores. */
final class Cursors {

  private Cursors() {}

  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad cursor");
    }
  }
}
