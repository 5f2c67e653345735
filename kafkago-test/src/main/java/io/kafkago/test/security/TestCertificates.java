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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * A throw-away certificate authority and the server and client certificates it signed, written to a directory:
 * <ul>
 * <li>{@link #serverKeyStore()}: subjectAltName {@code DNS:localhost, IP:127.0.0.1}, so host-name verification passes
 * when a client connects to {@code localhost} or {@code 127.0.0.1};</li>
 * <li>{@link #wrongHostKeyStore()}: subjectAltName {@code DNS:}{@value #WRONG_HOST_NAME} only, so a client connecting to
 * {@code localhost} trusts the chain but must reject the host name.</li>
 * </ul>
 * Clients trust the CA through {@link #caCertificatePem()}, {@link #trustStorePkcs12()} or {@link #trustStoreJks()}.
 *
 * <p>For mutual TLS the CA also signs a client certificate ({@code CN=}{@value #CLIENT_NAME}), given both as PEM files
 * ({@link #clientCertificateChainPem()} with {@link #clientPrivateKeyPem()} or {@link #clientEncryptedPrivateKeyPem()})
 * and as the PKCS12 key store {@link #clientKeyStore()}.
 *
 * <p>All stores and the encrypted key share {@link #password()}, which {@link #toString()} never shows.
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
    /** Common name of the client certificate; a broker sees the client as principal {@code User:CN=<this>}. */
    public static final String CLIENT_NAME = "kafkago-test-client";
    /** Alias of the key entry in the client key store. */
    public static final String CLIENT_ALIAS = "client";

    private static final String CA_NAME = "kafkago-test CA";
    /** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme {@code openssl pkcs8 -topk8 -v2 aes256} writes. */
    private static final String KEY_ENCRYPTION = "PBEWithHmacSHA256AndAES_256";
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final int KEY_ENCRYPTION_ITERATIONS = 10_000;

    private final Path caCertificatePem;
    private final Path trustStorePkcs12;
    private final Path trustStoreJks;
    private final Path serverKeyStore;
    private final Path wrongHostKeyStore;
    private final Path clientKeyStore;
    private final Path clientCertificateChainPem;
    private final Path clientPrivateKeyPem;
    private final Path clientEncryptedPrivateKeyPem;
    private final String password;

    private TestCertificates(Path directory, String password) {
        this.caCertificatePem = directory.resolve("ca.pem");
        this.trustStorePkcs12 = directory.resolve("truststore.p12");
        this.trustStoreJks = directory.resolve("truststore.jks");
        this.serverKeyStore = directory.resolve("server.p12");
        this.wrongHostKeyStore = directory.resolve("wrong-host.p12");
        this.clientKeyStore = directory.resolve("client.p12");
        this.clientCertificateChainPem = directory.resolve("client-chain.pem");
        this.clientPrivateKeyPem = directory.resolve("client-key.pem");
        this.clientEncryptedPrivateKeyPem = directory.resolve("client-key-encrypted.pem");
        this.password = password;
    }

    /**
     * Generates a CA, both server certificates and the client certificate and writes the PEM files and key/trust
     * stores into {@code directory} (created if missing).
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
        KeyPair clientKeys = issuer.newKeyPair();
        X509Certificate client = issuer.issue(CLIENT_NAME, clientKeys.getPublic(), false, List.of(), List.of(),
                CA_NAME, caKeys.getPrivate(), VALIDITY);

        writeKeyStore(serverKeyStore, SERVER_ALIAS, serverKeys, server, ca);
        writeKeyStore(wrongHostKeyStore, SERVER_ALIAS, wrongHostKeys, wrongHost, ca);
        writeKeyStore(clientKeyStore, CLIENT_ALIAS, clientKeys, client, ca);
        writeTrustStore(trustStorePkcs12, "PKCS12", ca);
        writeTrustStore(trustStoreJks, "JKS", ca);
        Files.writeString(caCertificatePem, pem(ca), StandardCharsets.US_ASCII);
        Files.writeString(clientCertificateChainPem, pem(client) + pem(ca), StandardCharsets.US_ASCII);
        Files.writeString(clientPrivateKeyPem, pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()),
                StandardCharsets.US_ASCII);
        Files.writeString(clientEncryptedPrivateKeyPem, pem("ENCRYPTED PRIVATE KEY", encrypt(clientKeys.getPrivate())),
                StandardCharsets.US_ASCII);
    }

    private void writeKeyStore(Path path, String alias, KeyPair keys, X509Certificate certificate, X509Certificate ca)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, ca});
        save(store, path);
    }

    /**
     * The key as a DER {@code EncryptedPrivateKeyInfo} (RFC 5958) under {@link #password()}. The JDK decrypts PBES2,
     * but its {@code EncryptedPrivateKeyInfo} cannot name that scheme when encoding, so the outer structure is built
     * here.
     */
    private byte[] encrypt(PrivateKey key) throws GeneralSecurityException, IOException {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(KEY_ENCRYPTION);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(KEY_ENCRYPTION).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, KEY_ENCRYPTION_ITERATIONS, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(key.getEncoded());
        byte[] algorithm = Der.sequence(Der.oid(PBES2_OID), cipher.getParameters().getEncoded());
        return Der.sequence(algorithm, Der.octetString(encrypted));
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
        return pem("CERTIFICATE", certificate.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
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

    /**
     * PKCS12 key store with the client key and its chain (alias {@value #CLIENT_ALIAS}), for listeners that require a
     * client certificate ({@link SecureListener#MUTUAL_TLS}).
     */
    public Path clientKeyStore() {
        return clientKeyStore;
    }

    /** The client certificate followed by the CA certificate, in PEM. */
    public Path clientCertificateChainPem() {
        return clientCertificateChainPem;
    }

    /** The client's EC private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public Path clientPrivateKeyPem() {
        return clientPrivateKeyPem;
    }

    /**
     * The client's private key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 with AES-256),
     * password {@link #password()}.
     */
    public Path clientEncryptedPrivateKeyPem() {
        return clientEncryptedPrivateKeyPem;
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
