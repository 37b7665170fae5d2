package io.meterhub.loadtest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Parses local bind addresses: {@code 127.0.0.1-127.0.0.20} (a range of the last octet) and/or a comma list. */
public final class BindAddresses {

  private BindAddresses() {}

  public static List<InetAddress> parse(String text) {
    Objects.requireNonNull(text, "text");
    List<InetAddress> addresses = new ArrayList<>();
    for (String part : text.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      int dash = item.indexOf('-');
      if (dash < 0) {
        addresses.add(address(item));
        continue;
      }
      byte[] from = address(item.substring(0, dash)).getAddress();
      byte[] to = address(item.substring(dash + 1)).getAddress();
      if (from.length != 4 || to.length != 4 || from[0] != to[0] || from[1] != to[1] || from[2] != to[2]) {
        throw new IllegalArgumentException("a range may only vary the last IPv4 octet: " + item);
      }
      int first = from[3] & 0xff;
      int last = to[3] & 0xff;
      if (last < first) {
        throw new IllegalArgumentException("empty range: " + item);
      }
      for (int i = first; i <= last; i++) {
        byte[] bytes = from.clone();
        bytes[3] = (byte) i;
        try {
          addresses.add(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException(e);
        }
      }
    }
    return addresses;
  }

  private static InetAddress address(String literal) {
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("not an IP address: " + literal);
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }
}
