package io.meterhub.platform.prepay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A top-up as a payment channel sends it.
 *
 * @param amount minor units, positive
 * @param currency must equal the account's currency
 * @param reference the channel's payment reference, or null
 * @param channel payment channel name; null = the reference's prefix before the first '-' ("unknown" without one)
 */
public record TopUpRequest(long amount, String currency, String reference, String channel) {

  public TopUpRequest {
    Objects.requireNonNull(currency, "currency");
  }

  /** The channel used for reconciliation. */
  public String effectiveChannel() {
    if (channel != null && !channel.isEmpty()) {
      return channel;
    }
    if (reference != null && reference.indexOf('-') > 0) {
      return reference.substring(0, reference.indexOf('-'));
    }
    return "unknown";
  }

  /** SHA-256 over the account and every field: two requests with one idempotency key must hash alike. */
  String fingerprint(String accountId) {
    String text = accountId.length() + ":" + accountId + "|" + amount + "|" + currency + "|"
        + (reference == null ? "-" : reference.length() + ":" + reference) + "|"
        + (channel == null ? "-" : channel.length() + ":" + channel);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
