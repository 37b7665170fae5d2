package io.meterhub.platform.lwm2m;

import java.util.Arrays;
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
      entries.clear(); // bounded without bookkeeping: entries of meters that moved to other nodes are dropped too
    }
    entries.put(key, new Decoded<>(bytes, value));
    return value;
  }

  void forget(String key) {
    entries.remove(key);
  }
}
