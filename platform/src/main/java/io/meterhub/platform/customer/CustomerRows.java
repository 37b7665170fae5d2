package io.meterhub.platform.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Encryption of a customer's personal fields into row values and back, and the pseudonymous reference. */
final class CustomerRows {

  static final List<String> FIELDS = List.of("name", "address", "phone", "email", "protected_reasons");

  private CustomerRows() {}

  /** The sealed values of {@link #FIELDS}, in that order. */
  static List<String> seal(SecretKey key, String customerId, PersonalData p) {
    List<String> out = new ArrayList<>(FIELDS.size());
    out.add(FieldCipher.encryptText(key, p.name(), aad(customerId, "name")));
    out.add(FieldCipher.encryptText(key, p.address(), aad(customerId, "address")));
    out.add(FieldCipher.encryptText(key, p.phone(), aad(customerId, "phone")));
    out.add(FieldCipher.encryptText(key, p.email(), aad(customerId, "email")));
    String reasons =
        p.protectedReasons().isEmpty()
            ? null
            : p.protectedReasons().stream().map(ProtectionReason::apiName).collect(Collectors.joining(","));
    out.add(FieldCipher.encryptText(key, reasons, aad(customerId, "protected_reasons")));
    return out;
  }

  /** Opens the sealed values of {@link #FIELDS}, in that order. */
  static PersonalData open(SecretKey key, String customerId, List<String> sealed) {
    String reasons = FieldCipher.decryptText(key, sealed.get(4), aad(customerId, "protected_reasons"));
    List<ProtectionReason> parsed =
        reasons == null
            ? List.of()
            : Arrays.stream(reasons.split(",")).map(r -> ProtectionReason.fromApiName(r).orElseThrow()).toList();
    return new PersonalData(
        FieldCipher.decryptText(key, sealed.get(0), aad(customerId, "name")),
        FieldCipher.decryptText(key, sealed.get(1), aad(customerId, "address")),
        FieldCipher.decryptText(key, sealed.get(2), aad(customerId, "phone")),
        FieldCipher.decryptText(key, sealed.get(3), aad(customerId, "email")),
        parsed);
  }

  /** Binds a value to its row and column: a ciphertext moved elsewhere no longer authenticates. */
  static String aad(String customerId, String field) {
    return "meterhub-customer\0" + customerId + "\0" + field;
  }

  /** Stable pseudonym of a customer id: HMAC-SHA256 under a key derived from the KEK, first 10 bytes hex. */
  static String reference(KeyEncryptionKey kek, String customerId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(kek.derive("meterhub-customer-ref-v1"), "HmacSHA256"));
      byte[] digest = mac.doFinal(customerId.getBytes(StandardCharsets.UTF_8));
      return "cref-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
