package io.kafkago.test.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    Path directory;

    @Test
    void writesTheCaAsPemAndInBothTrustStoreFormats() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        X509Certificate fromPem;
        try (InputStream in = Files.newInputStream(certificates.caCertificatePem())) {
            fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(fromPem.getSubjectX500Principal().getName()).isEqualTo("CN=kafkago-test CA");
        assertThat(fromPem.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        for (Path store : List.of(certificates.trustStorePkcs12(), certificates.trustStoreJks())) {
            KeyStore trustStore = load(store, certificates.password());
            assertThat(trustStore.getCertificate(TestCertificates.CA_ALIAS)).isEqualTo(fromPem);
        }
    }

    @Test
    void serverCertificateNamesLocalhostAndLoopbackAndChainsToTheCa() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        KeyStore keyStore = load(certificates.serverKeyStore(), certificates.password());
        X509Certificate server = (X509Certificate) keyStore.getCertificate(TestCertificates.SERVER_ALIAS);
        assertThat(server.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        X509Certificate ca = (X509Certificate) load(certificates.trustStorePkcs12(), certificates.password())
                .getCertificate(TestCertificates.CA_ALIAS);
        server.verify(ca.getPublicKey());
        assertThat(toString(certificates)).doesNotContain(certificates.password()).contains("****");
    }

    @Test
    void tlsHandshakeWithHostNameVerificationAcceptsTheServerCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        assertThat(handshake(certificates, certificates.serverKeyStore())).isEqualTo("ok");
    }

    @Test
    void clientCertificateChainsToTheCaAndItsPemKeysMatchTheKeyStore() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        List<X509Certificate> chain;
        try (InputStream in = Files.newInputStream(certificates.clientCertificateChainPem())) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
        assertThat(chain).hasSize(2);
        X509Certificate client = chain.get(0);
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=" + TestCertificates.CLIENT_NAME);
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
        client.verify(chain.get(1).getPublicKey());
        assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=kafkago-test CA");

        KeyStore keyStore = load(certificates.clientKeyStore(), certificates.password());
        assertThat(keyStore.getCertificate(TestCertificates.CLIENT_ALIAS)).isEqualTo(client);
        PrivateKey stored = (PrivateKey) keyStore.getKey(TestCertificates.CLIENT_ALIAS,
                certificates.password().toCharArray());
        PrivateKey plain = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(pemBody(certificates.clientPrivateKeyPem(), "PRIVATE KEY")));
        PrivateKey decrypted = decrypt(pemBody(certificates.clientEncryptedPrivateKeyPem(), "ENCRYPTED PRIVATE KEY"),
                certificates.password());
        assertThat(plain.getEncoded()).isEqualTo(stored.getEncoded());
        assertThat(decrypted.getEncoded()).isEqualTo(stored.getEncoded());
        assertThat(signsFor(client, plain)).isTrue();
        assertThatThrownBy(() -> decrypt(pemBody(certificates.clientEncryptedPrivateKeyPem(), "ENCRYPTED PRIVATE KEY"),
                "wrong-" + certificates.password())).isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void serverRequiringClientAuthenticationAcceptsTheClientKeyStoreAndRejectsNoCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        assertThat(mutualHandshake(certificates, true)).isEqualTo("ok");
        assertThatThrownBy(() -> mutualHandshake(certificates, false)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void tlsHandshakeWithHostNameVerificationRejectsTheWrongHostCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        assertThatThrownBy(() -> handshake(certificates, certificates.wrongHostKeyStore()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("localhost");
    }

    /** Serves one TLS connection with {@code serverKeyStore}; the client connects to localhost verifying the host. */
    private static String handshake(TestCertificates certificates, Path serverKeyStore) throws Exception {
        return serve(context(certificates, serverKeyStore, false), context(certificates, null, true), false);
    }

    /**
     * Serves one TLS connection that requires a client certificate; the client presents
     * {@link TestCertificates#clientKeyStore()} when {@code withClientCertificate}.
     */
    private static String mutualHandshake(TestCertificates certificates, boolean withClientCertificate)
            throws Exception {
        return serve(context(certificates, certificates.serverKeyStore(), true),
                context(certificates, withClientCertificate ? certificates.clientKeyStore() : null, true), true);
    }

    /** A TLS context with the key entry of {@code keyStore} (if any), trusting the test CA if {@code trustCa}. */
    private static SSLContext context(TestCertificates certificates, Path keyStore, boolean trustCa) throws Exception {
        KeyManagerFactory keyManagers = null;
        if (keyStore != null) {
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(keyStore, certificates.password()), certificates.password().toCharArray());
        }
        TrustManagerFactory trustManagers = null;
        if (trustCa) {
            trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(load(certificates.trustStoreJks(), certificates.password()));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                trustManagers == null ? null : trustManagers.getTrustManagers(), null);
        return context;
    }

    private static String serve(SSLContext serverContext, SSLContext clientContext, boolean needClientAuth)
            throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(needClientAuth);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.getOutputStream().write("ok".getBytes());
                } catch (Exception e) {
                    // one side aborted the handshake: that is what the wrong-host and no-certificate tests expect
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket("localhost", server.getLocalPort())) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                return new String(client.getInputStream().readNBytes(2));
            } finally {
                served.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KeyStore load(Path path, String password) throws Exception {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(path.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }

    private static byte[] pemBody(Path file, String label) throws Exception {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + label + "-----");
        assertThat(start).isNotNegative();
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }

    private static PrivateKey decrypt(byte[] encryptedPrivateKeyInfo, String password) throws Exception {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(encryptedPrivateKeyInfo);
        assertThat(info.getAlgName()).isEqualTo("PBES2");
        String scheme = info.getAlgParameters().toString();
        Cipher cipher = Cipher.getInstance(scheme);
        cipher.init(Cipher.DECRYPT_MODE,
                SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password.toCharArray())),
                info.getAlgParameters());
        return KeyFactory.getInstance("EC").generatePrivate(info.getKeySpec(cipher));
    }

    private static boolean signsFor(X509Certificate certificate, PrivateKey key) throws Exception {
        byte[] data = "proof of possession".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signer.sign());
    }

    private static String toString(Object value) {
        return String.valueOf(value);
    }
}
