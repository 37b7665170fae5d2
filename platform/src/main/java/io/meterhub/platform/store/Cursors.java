package io.meterhub.platform.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** Opaque keyset cursors: base64url (no padding) of the last key of a page. */
public final class Cursors {

  /** Page size when the caller gives none (limit ≤ 0). */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest page size a store returns. */
  public static final int MAX_LIMIT = 1000;

  private Cursors() {}

  public static String encode(String lastKey) {
    Objects.requireNonNull(lastKey, "lastKey");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The key inside a cursor; null for a null or empty cursor; {@link InvalidCursorException} when malformed. */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException(e);
    }
  }

  /** The page size to use for a requested limit: default when ≤ 0, capped at {@link #MAX_LIMIT}. */
  public static int pageSize(int limit) {
    return limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
  }
}
