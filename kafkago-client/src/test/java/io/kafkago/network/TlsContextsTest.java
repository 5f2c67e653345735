package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.TlsConfig;
import io.kafkago.test.security.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS contexts built from PEM files and key stores, checked by real handshakes with a local server
 * that requires a client certificate (mutual TLS) signed by the test CA.
 */
class TlsContextsTest {

    private static final char[] KEY_PASSWORD = "pem-key-password".toCharArray();

    @TempDir
    static Path directory;
    private static TestCertificates certificates;
    private static Path chainPem;
    private static Path keyPem;
    private static Path encryptedKeyPem;

    @BeforeAll
    static void writePemFiles() throws Exception {
        certificates = TestCertificates.generate(directory.resolve("certs"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.serverKeyStore())) {
            store.load(in, certificates.password().toCharArray());
        }
        Key key = store.getKey(TestCertificates.SERVER_ALIAS, certificates.password().toCharArray());
        StringBuilder chain = new StringBuilder();
        for (Certificate certificate : store.getCertificateChain(TestCertificates.SERVER_ALIAS)) {
            chain.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        chainPem = Files.writeString(directory.resolve("chain.pem"), chain);
        keyPem = Files.writeString(directory.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        encryptedKeyPem = Files.writeString(directory.resolve("key-encrypted.pem"),
                pem("ENCRYPTED PRIVATE KEY", encrypt((PrivateKey) key)));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] encrypt(PrivateKey key) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(KEY_PASSWORD)),
                new PBEParameterSpec(salt, 10_000));
        // Written as PBES2 with AES-256 and HMAC-SHA256, like 'openssl pkcs8 -topk8 -v2 aes-256-cbc'.
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        return new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(key.getEncoded())).getEncoded();
    }

    /** A TLS server on loopback that needs a client certificate from the test CA and sends "ok" after the handshake. */
    private static SSLServerSocket mutualTlsServer() throws IOException {
        TlsConfig serverSide = TlsConfig.builder()
                .keyStore(certificates.serverKeyStore(), "PKCS12", certificates.password().toCharArray(), null)
                .trustPem(certificates.caCertificatePem()).build();
        SSLServerSocket server = (SSLServerSocket) serverSide.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        Thread thread = new Thread(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            } catch (IOException ignored) {
                // a client without a certificate fails the handshake: the test checks the client side
            }
        }, "mtls-server");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    /** Dials the server through the connection layer's socket opener and reads the greeting. */
    private static String greeting(TlsConfig tls) throws IOException {
        try (SSLServerSocket server = mutualTlsServer()) {
            ConnectionSettings settings = new ConnectionSettings("tls-test", Duration.ofSeconds(5), Duration.ofSeconds(5),
                    tls, null, 4096, ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION);
            try (Socket socket = SocketOpener.open(new BrokerAddress("localhost", server.getLocalPort()), settings,
                    System.nanoTime() + Duration.ofSeconds(5).toNanos())) {
                socket.setSoTimeout(5_000);
                return new String(socket.getInputStream().readNBytes(2), StandardCharsets.US_ASCII);
            }
        }
    }

    @Test
    void clientCertificateFromUnencryptedPem() throws IOException {
        TlsConfig tls = TlsConfig.builder().trustPem(certificates.caCertificatePem()).clientPem(chainPem, keyPem).build();
        assertThat(greeting(tls)).isEqualTo("ok");
    }

    @Test
    void clientCertificateFromEncryptedPem() throws IOException {
        TlsConfig tls = TlsConfig.builder().trustPem(certificates.caCertificatePem())
                .clientPem(chainPem, encryptedKeyPem, KEY_PASSWORD).build();
        assertThat(greeting(tls)).isEqualTo("ok");
    }

    @Test
    void clientCertificateFromKeyStoreAndTrustFromJks() throws IOException {
        char[] password = certificates.password().toCharArray();
        TlsConfig tls = TlsConfig.builder().trustStore(certificates.trustStoreJks(), "JKS", password)
                .keyStore(certificates.serverKeyStore(), "PKCS12", password, password).build();
        assertThat(greeting(tls)).isEqualTo("ok");
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        TlsConfig tls = TlsConfig.builder().trustPem(certificates.caCertificatePem()).build();
        assertThatThrownBy(() -> greeting(tls)).isInstanceOfAny(IOException.class, io.kafkago.KafkaException.class);
    }

    @Test
    void badMaterialGivesClearErrors() throws IOException {
        assertThatThrownBy(() -> TlsConfig.builder().clientPem(chainPem, encryptedKeyPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        Path pkcs1 = Files.writeString(directory.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsConfig.builder().clientPem(chainPem, pkcs1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> TlsConfig.builder().trustPem(directory.resolve("missing.pem")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsConfig.builder().trustStore(certificates.trustStorePkcs12(), "PKCS12",
                "wrong".toCharArray()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(certificates.password());
        TlsConfig tls = TlsConfig.builder().trustPem(certificates.caCertificatePem()).clientPem(chainPem, encryptedKeyPem,
                KEY_PASSWORD).build();
        assertThat(tls.toString()).doesNotContain(new String(KEY_PASSWORD)).contains("hostnameVerification=true");
    }
}
