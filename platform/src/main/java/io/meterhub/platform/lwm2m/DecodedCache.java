package io.meterhub.platform.lwm2m;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the last decoded form of each key's serialized bytes, so that reading the same unchanged bytes again
 * costs a byte comparison instead of a decode. Always coherent: the caller still reads the bytes from the cluster and
 * a changed value is decoded anew.
 *
 * <p>Why: Leshan's registration and observation serializers build a JSON parser per call, and every notification made
 * the node decode the meter's registration and, twice, its observation (profiled under load: the largest CPU share of
 * the CoAP threads).
 */
final class DecodedCache<T> {

  private record Decoded<T>(byte[] bytes, T value) {}

  private final Map<String, Decoded<T>> entries = new ConcurrentHashMap<>();
  private final Function<byte[], T> decoder;
  private final int maxEntries;

  DecodedCache(Function<byte[], T> decoder, int maxEntries) {
    this.decoder = decoder;
    this.maxEntries = maxEntries;
  }

  /** The decoded {@code bytes} of {@code key}; null when {@code bytes} is null. */
  T decode(String key, byte[] bytes) {
    if (bytes == null) {
      entries.remove(key);
      return null;
    }
    Decoded<T> known = entries.get(key);
    if (known != null && Arrays.equals(known.bytes(), bytes)) {
      return known.value();
    }
    T value = decoder.apply(bytes);
    if (entries.size() >= maxEntries) {
      evictSome();
    }
    entries.put(key, new Decoded<>(bytes, value));
    return value;
  }

  /**
   * Drops an eighth of the entries, whichever the map yields first: bounded without bookkeeping (entries of meters
   * that moved to other nodes go too), and a full cache keeps most of what it knows instead of decoding every
   * meter's values again at once.
   */
  private void evictSome() {
    Iterator<String> keys = entries.keySet().iterator();
    for (int drop = Math.max(1, maxEntries / 8); drop > 0 && keys.hasNext(); drop--) {
      keys.next();
      keys.remove();
    }
  }

  /** Entries held now. */
  int size() {
    return entries.size();
  }

  void forget(String key) {
    entries.remove(key);
  }
}
