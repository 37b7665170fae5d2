package io.meterhub.platform.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecodedCacheTest {

  private final AtomicInteger decodes = new AtomicInteger();
  private final DecodedCache<String> cache = new DecodedCache<>(bytes -> {
    decodes.incrementAndGet();
    return new String(bytes, StandardCharsets.UTF_8);
  }, 80);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void unchangedBytesAreDecodedOnceAndChangedBytesAgain() {
    assertThat(cache.decode("m1", bytes("a"))).isEqualTo("a");
    assertThat(cache.decode("m1", bytes("a"))).isEqualTo("a");
    assertThat(decodes).hasValue(1);

    assertThat(cache.decode("m1", bytes("b"))).isEqualTo("b");
    assertThat(decodes).hasValue(2);

    assertThat(cache.decode("m1", null)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aFullCacheDropsAnEighthAndKeepsTheRest() {
    for (int i = 0; i < 80; i++) {
      cache.decode("m" + i, bytes("v" + i));
    }
    assertThat(cache.size()).isEqualTo(80);

    cache.decode("new", bytes("v"));

    assertThat(cache.size()).isEqualTo(71);
    int before = decodes.get();
    cache.decode("new", bytes("v"));
    assertThat(decodes).hasValue(before);
    int stillKnown = 0;
    for (int i = 0; i < 80; i++) {
      int was = decodes.get();
      cache.decode("m" + i, bytes("v" + i));
      stillKnown += decodes.get() == was ? 1 : 0;
    }
    assertThat(stillKnown).isGreaterThanOrEqualTo(60);
  }
}
