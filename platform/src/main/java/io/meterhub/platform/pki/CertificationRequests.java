package io.meterhub.platform.pki;

import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.common.ValidationException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/** Checks of what clients send to the PKI: certification requests and serials. */
final class CertificationRequests {

  /** Same rule as meter ids. */
  private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
  private static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f:]{1,95}");

  private CertificationRequests() {}

  /** A well-formed, self-signed request for an EC P-256 key with one CN. */
  record Checked(String commonName, PublicKey publicKey) {}

  static Checked check(String pem) {
    if (pem == null || pem.isBlank()) {
      throw ValidationException.of("csr", "is required");
    }
    PKCS10CertificationRequest request;
    try {
      request = Pem.certificationRequest(pem);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("csr", "must be a PEM PKCS#10 certificate request");
    }
    PublicKey key;
    try {
      key = EcKeys.publicKey(request.getSubjectPublicKeyInfo().getEncoded());
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw ValidationException.of("csr", "the key must be EC P-256");
    }
    try {
      ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(key);
      if (!request.isSignatureValid(verifier)) {
        throw ValidationException.of("csr", "the request signature is invalid");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw ValidationException.of("csr", "the request signature cannot be verified");
    }
    RDN[] cns = request.getSubject().getRDNs(BCStyle.CN);
    if (cns.length != 1 || cns[0].isMultiValued()) {
      throw ValidationException.of("csr", "the subject must hold exactly one CN, the meter id");
    }
    String cn = IETFUtils.valueToString(cns[0].getFirst().getValue());
    if (!ENDPOINT.matcher(cn).matches()) {
      throw ValidationException.of("csr", "the CN must be a meter id (1-128 characters of A-Z a-z 0-9 : . _ -)");
    }
    return new Checked(cn, key);
  }

  /** Upper-case hex without colons or leading zeros, or null (errors says why). */
  static String normalizeSerial(String serial, FieldErrors errors) {
    if (!SERIAL.matcher(serial).matches()) {
      errors.add("serial", "must be the certificate serial in hex");
      return null;
    }
    String hex = serial.replace(":", "");
    if (hex.isEmpty()) {
      errors.add("serial", "must be the certificate serial in hex");
      return null;
    }
    return new BigInteger(hex, 16).toString(16).toUpperCase(Locale.ROOT);
  }
}
