package io.kafkago.test.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void tlsHandshakeWithHostNameVerificationRejectsTheWrongHostCertificate() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory);
        assertThatThrownBy(() -> handshake(certificates, certificates.wrongHostKeyStore()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("localhost");
    }

    /** Serves one TLS connection with {@code serverKeyStore}; the client connects to localhost verifying the host. */
    private static String handshake(TestCertificates certificates, Path serverKeyStore) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(load(serverKeyStore, certificates.password()), certificates.password().toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(load(certificates.trustStoreJks(), certificates.password()));
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.getOutputStream().write("ok".getBytes());
                } catch (Exception e) {
                    // the client aborted the handshake: that is what the wrong-host test expects
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

    private static String toString(Object value) {
        return String.valueOf(value);
    }
}
