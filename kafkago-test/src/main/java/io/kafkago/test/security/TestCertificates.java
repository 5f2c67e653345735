package io.kafkago.test.security;

import io.kafkago.test.KafkaTestSetupException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away certificate authority and two server key stores it signed, written to a directory:
 * <ul>
 * <li>{@link #serverKeyStore()}: subjectAltName {@code DNS:localhost, IP:127.0.0.1}, so host-name verification passes
 * when a client connects to {@code localhost} or {@code 127.0.0.1};</li>
 * <li>{@link #wrongHostKeyStore()}: subjectAltName {@code DNS:}{@value #WRONG_HOST_NAME} only, so a client connecting to
 * {@code localhost} trusts the chain but must reject the host name.</li>
 * </ul>
 * Clients trust the CA through {@link #caCertificatePem()}, {@link #trustStorePkcs12()} or {@link #trustStoreJks()}.
 * All stores and keys share {@link #password()}, which {@link #toString()} never shows.
 */
public final class TestCertificates {

    /** The only name in the wrong-host certificate; it never resolves ({@code .invalid} is reserved, RFC 2606). */
    public static final String WRONG_HOST_NAME = "not-this-host.invalid";
    /** How long the generated certificates stay valid. */
    public static final Duration VALIDITY = Duration.ofDays(30);
    /** Alias of the key entry in both server key stores. */
    public static final String SERVER_ALIAS = "server";
    /** Alias of the CA certificate in the trust stores. */
    public static final String CA_ALIAS = "kafkago-test-ca";

    private static final String CA_NAME = "kafkago-test CA";

    private final Path caCertificatePem;
    private final Path trustStorePkcs12;
    private final Path trustStoreJks;
    private final Path serverKeyStore;
    private final Path wrongHostKeyStore;
    private final String password;

    private TestCertificates(Path directory, String password) {
        this.caCertificatePem = directory.resolve("ca.pem");
        this.trustStorePkcs12 = directory.resolve("truststore.p12");
        this.trustStoreJks = directory.resolve("truststore.jks");
        this.serverKeyStore = directory.resolve("server.p12");
        this.wrongHostKeyStore = directory.resolve("wrong-host.p12");
        this.password = password;
    }

    /**
     * Generates a CA and both server certificates and writes the PEM file and key/trust stores into
     * {@code directory} (created if missing).
     *
     * @throws KafkaTestSetupException if a key cannot be generated or a file cannot be written
     */
    public static TestCertificates generate(Path directory) {
        TestCertificates certificates = new TestCertificates(directory, randomPassword());
        try {
            Files.createDirectories(directory);
            certificates.write();
        } catch (IOException | GeneralSecurityException e) {
            throw new KafkaTestSetupException("Cannot generate test certificates in " + directory, e);
        }
        return certificates;
    }

    private void write() throws IOException, GeneralSecurityException {
        CertificateIssuer issuer = new CertificateIssuer();
        KeyPair caKeys = issuer.newKeyPair();
        X509Certificate ca = issuer.issue(CA_NAME, caKeys.getPublic(), true, List.of(), List.of(), CA_NAME,
                caKeys.getPrivate(), VALIDITY);
        KeyPair serverKeys = issuer.newKeyPair();
        X509Certificate server = issuer.issue("localhost", serverKeys.getPublic(), false, List.of("localhost"),
                List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})), CA_NAME, caKeys.getPrivate(), VALIDITY);
        KeyPair wrongHostKeys = issuer.newKeyPair();
        X509Certificate wrongHost = issuer.issue(WRONG_HOST_NAME, wrongHostKeys.getPublic(), false,
                List.of(WRONG_HOST_NAME), List.of(), CA_NAME, caKeys.getPrivate(), VALIDITY);

        writeKeyStore(serverKeyStore, serverKeys, server, ca);
        writeKeyStore(wrongHostKeyStore, wrongHostKeys, wrongHost, ca);
        writeTrustStore(trustStorePkcs12, "PKCS12", ca);
        writeTrustStore(trustStoreJks, "JKS", ca);
        Files.writeString(caCertificatePem, pem(ca), StandardCharsets.US_ASCII);
    }

    private void writeKeyStore(Path path, KeyPair keys, X509Certificate certificate, X509Certificate ca)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(SERVER_ALIAS, keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, ca});
        save(store, path);
    }

    private void writeTrustStore(Path path, String type, X509Certificate ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry(CA_ALIAS, ca);
        save(store, path);
    }

    private void save(KeyStore store, Path path) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The CA certificate in PEM, for clients configured with PEM trust material. */
    public Path caCertificatePem() {
        return caCertificatePem;
    }

    /** A PKCS12 trust store holding the CA certificate (password {@link #password()}). */
    public Path trustStorePkcs12() {
        return trustStorePkcs12;
    }

    /** A JKS trust store holding the CA certificate (password {@link #password()}). */
    public Path trustStoreJks() {
        return trustStoreJks;
    }

    /** PKCS12 key store with the {@code localhost} server key and chain (alias {@value #SERVER_ALIAS}). */
    public Path serverKeyStore() {
        return serverKeyStore;
    }

    /** PKCS12 key store with the {@value #WRONG_HOST_NAME} server key and chain (alias {@value #SERVER_ALIAS}). */
    public Path wrongHostKeyStore() {
        return wrongHostKeyStore;
    }

    /** Password of every store and key here. */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "TestCertificates[ca=" + caCertificatePem + ", password=****]";
    }
}
