package io.meterhub.platform.store;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One page of a keyset-paged list.
 *
 * @param items the items of this page, in list order
 * @param next opaque cursor for the next page, or null when this is the last page
 */
public record Page<T>(List<T> items, String next) {

  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), next);
  }
}
