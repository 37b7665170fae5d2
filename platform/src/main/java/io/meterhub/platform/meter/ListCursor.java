package io.meterhub.platform.meter;

import io.meterhub.platform.common.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Position in a meter list: the store's own cursor plus how many items of that store page were already scanned. */
record ListCursor(String storeCursor, int skip) {

  static final ListCursor START = new ListCursor(null, 0);
  static final int FILTER_BATCH = 500;

  String encode() {
    String text = skip + "\n" + (storeCursor == null ? "" : storeCursor);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static ListCursor decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      int skip = Integer.parseInt(text.substring(0, nl));
      if (skip < 0 || skip >= FILTER_BATCH) {
        throw new IllegalArgumentException("skip");
      }
      String store = text.substring(nl + 1);
      return new ListCursor(store.isEmpty() ? null : store, skip);
    } catch (RuntimeException e) {
      throw ValidationException.of("cursor", "is not a valid cursor");
    }
  }
}
