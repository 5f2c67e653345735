package io.kafkago.test.security;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues X.509 v3 certificates with EC P-256 keys, in process. The JDK's keytool would need one JVM start per step
 * (about 2 s each here); encoding the few fields a test CA and server certificates need takes milliseconds.
 */
final class CertificateIssuer {

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;
    private static final Duration BACKDATING = Duration.ofHours(1);

    private final SecureRandom random = new SecureRandom();

    KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /**
     * Signs a certificate for {@code subjectKey}.
     *
     * @param certificateAuthority whether the certificate may sign others (basicConstraints cA)
     * @param dnsNames and {@code ipAddresses}: the subjectAltName entries (none for a CA)
     */
    X509Certificate issue(String subjectName, PublicKey subjectKey, boolean certificateAuthority, List<String> dnsNames,
            List<InetAddress> ipAddresses, String issuerName, PrivateKey issuerKey, Duration validity)
            throws GeneralSecurityException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        List<byte[]> extensions = new ArrayList<>();
        if (certificateAuthority) {
            extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))));
        }
        if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
            extensions.add(extension(SUBJECT_ALT_NAME, false, subjectAltNames(dnsNames, ipAddresses)));
        }
        byte[] toBeSigned = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
                algorithm,
                name(issuerName),
                Der.sequence(Der.utcTime(now.minus(BACKDATING)), Der.utcTime(now.plus(validity))),
                name(subjectName),
                subjectKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(issuerKey, random);
        signature.update(toBeSigned);
        byte[] certificate = Der.sequence(toBeSigned, algorithm, Der.bitString(signature.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static byte[] subjectAltNames(List<String> dnsNames, List<InetAddress> ipAddresses) {
        List<byte[]> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            names.add(Der.implicitPrimitive(SAN_DNS_NAME, dnsName.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        for (InetAddress address : ipAddresses) {
            names.add(Der.implicitPrimitive(SAN_IP_ADDRESS, address.getAddress()));
        }
        return Der.sequence(names.toArray(byte[][]::new));
    }
}
