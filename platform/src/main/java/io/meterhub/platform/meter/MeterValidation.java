package io.meterhub.platform.meter;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.meter.MeterRequests.SecuritySpec;
import io.meterhub.platform.pki.EcKeys;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules a meter's fields must follow. */
final class MeterValidation {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
  static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*");
  static final int MAX_REGION = 256;
  static final Pattern PSK_IDENTITY = Pattern.compile("[\\x21-\\x7e]{1,128}");
  static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})+");
  static final int MIN_KEY_BYTES = 16;
  static final int MAX_KEY_BYTES = 64;

  private MeterValidation() {}

  static void id(String id, FieldErrors errors) {
    if (id == null) {
      errors.add("id", "is required");
    } else if (!ID.matcher(id).matches()) {
      errors.add("id", "must be 1-128 characters of A-Z a-z 0-9 : . _ -");
    }
  }

  static void model(String model, Set<String> knownModels, FieldErrors errors) {
    if (model == null) {
      errors.add("model", "is required");
    } else if (!knownModels.contains(model)) {
      errors.add("model", "must be one of " + knownModels.stream().sorted().toList());
    }
  }

  static void region(String region, FieldErrors errors) {
    if (region == null) {
      errors.add("region", "is required");
    } else if (region.length() > MAX_REGION || !REGION.matcher(region).matches()) {
      errors.add("region", "must be a slash-separated path like north/feeder-07 (letters, digits, _ -)");
    }
  }

  /** The validated credentials, or null when invalid (errors then says why). */
  static MeterSecurity security(SecuritySpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.add("security", "is required");
      return null;
    }
    if (spec.mode() == null) {
      errors.add("security.mode", "is required");
      return null;
    }
    switch (spec.mode()) {
      case "psk":
        return psk(spec, errors);
      case "rpk":
        return rpk(spec, errors);
      case "x509":
        return x509(spec, errors);
      default:
        errors.add("security.mode", "must be psk, rpk or x509");
        return null;
    }
  }

  private static MeterSecurity rpk(SecuritySpec spec, FieldErrors errors) {
    int before = errors.size();
    notAllowed(spec.identity(), "security.identity", "rpk", errors);
    notAllowed(spec.key(), "security.key", "rpk", errors);
    String canonical = null;
    if (spec.publicKey() == null) {
      errors.add("security.publicKey", "is required");
    } else {
      try {
        byte[] der = Base64.getDecoder().decode(spec.publicKey().strip());
        EcKeys.publicKey(der);
        canonical = Base64.getEncoder().encodeToString(der);
      } catch (IllegalArgumentException e) {
        errors.add("security.publicKey", "must be base64 DER SubjectPublicKeyInfo of an EC P-256 key");
      }
    }
    return errors.size() != before ? null : MeterSecurity.rpk(canonical);
  }

  private static MeterSecurity x509(SecuritySpec spec, FieldErrors errors) {
    int before = errors.size();
    notAllowed(spec.identity(), "security.identity", "x509", errors);
    notAllowed(spec.key(), "security.key", "x509", errors);
    notAllowed(spec.publicKey(), "security.publicKey", "x509", errors);
    return errors.size() != before ? null : MeterSecurity.x509();
  }

  private static void notAllowed(String value, String field, String mode, FieldErrors errors) {
    if (value != null) {
      errors.add(field, "is not allowed with mode " + mode);
    }
  }

  private static MeterSecurity psk(SecuritySpec spec, FieldErrors errors) {
    int before = errors.size();
    if (spec.identity() == null) {
      errors.add("security.identity", "is required");
    } else if (!PSK_IDENTITY.matcher(spec.identity()).matches()) {
      errors.add("security.identity", "must be 1-128 printable ASCII characters without spaces");
    }
    if (spec.key() == null) {
      errors.add("security.key", "is required");
    } else if (!HEX.matcher(spec.key()).matches()
        || spec.key().length() / 2 < MIN_KEY_BYTES
        || spec.key().length() / 2 > MAX_KEY_BYTES) {
      errors.add("security.key", "must be hex of " + MIN_KEY_BYTES + "-" + MAX_KEY_BYTES + " bytes");
    }
    if (spec.publicKey() != null) {
      errors.add("security.publicKey", "is not allowed with mode psk");
    }
    if (errors.size() != before) {
      return null;
    }
    // Canonical lower-case hex: HexFormat round trip also proves it decodes.
    String key = HexFormat.of().formatHex(HexFormat.of().parseHex(spec.key().toLowerCase(Locale.ROOT)));
    return MeterSecurity.psk(spec.identity(), key);
  }
}
