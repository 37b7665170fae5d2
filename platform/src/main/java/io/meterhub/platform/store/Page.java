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

  /**
   * The page of the first {@code size} of {@code rows}, which were fetched as {@code size + 1} to learn whether more
   * follow; when they do, the cursor is the {@code key} of the page's last item.
   */
  public static <T> Page<T> cut(List<T> rows, int size, Function<? super T, String> key) {
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, size);
    return new Page<>(items, Cursors.encode(key.apply(items.get(size - 1))));
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), next);
  }
}
