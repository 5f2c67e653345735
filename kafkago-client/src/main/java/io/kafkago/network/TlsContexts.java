package io.kafkago.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds {@link SSLContext}s from PEM files or key stores, so users need no keytool step.
 * Only PKCS#8 private keys ({@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY})
 * are read from PEM; convert PKCS#1 keys with {@code openssl pkcs8 -topk8}.
 */
public final class TlsContexts {

    private static final char[] IN_MEMORY_PASSWORD = "kafkago".toCharArray();
    private static final String PBES2 = "PBES2";
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "DSA"};

    private TlsContexts() {
    }

    /**
     * Where certificates or keys come from: PEM files or a key store. Holds passwords only until
     * the context is built; {@link #toString()} never shows them.
     *
     * @param file the certificate PEM file or the key store file
     * @param privateKey the private key PEM file, or null
     * @param storeType the key store type (PKCS12, JKS), or null for PEM
     * @param password the key store password, or the private key's password for encrypted PEM
     * @param keyPassword the key entry password of a key store, or null to use the store password
     */
    public record KeyMaterial(Path file, Path privateKey, String storeType, char[] password, char[] keyPassword) {

        /** Validates that a file is present. */
        public KeyMaterial {
            Objects.requireNonNull(file, "file");
        }

        /** PEM certificates, and for a client identity a private key with an optional password. */
        public static KeyMaterial pem(Path certificates, Path privateKey, char[] keyPassword) {
            return new KeyMaterial(certificates, privateKey, null, keyPassword == null ? null : keyPassword.clone(), null);
        }

        /** A key store file of the given type. */
        public static KeyMaterial store(Path file, String type, char[] password, char[] keyPassword) {
            Objects.requireNonNull(type, "type");
            return new KeyMaterial(file, null, type, password == null ? null : password.clone(),
                    keyPassword == null ? null : keyPassword.clone());
        }

        @Override
        public String toString() {
            return "KeyMaterial[file=" + file + ", privateKey=" + privateKey + ", storeType=" + storeType + "]";
        }
    }

    /**
     * Creates a TLS client context.
     *
     * @param trust certificates to trust, or null for the JVM's default authorities
     * @param key the client identity for mutual TLS, or null
     * @throws IllegalArgumentException when the material cannot be read or parsed
     */
    public static SSLContext create(KeyMaterial trust, KeyMaterial key) {
        try {
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust == null ? null : trustStore(trust));
            KeyManagerFactory keyManagers = null;
            if (key != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] entryPassword = key.storeType() == null ? IN_MEMORY_PASSWORD
                        : key.keyPassword() != null ? key.keyPassword() : key.password();
                keyManagers.init(keyStore(key), entryPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(KeyMaterial trust) throws GeneralSecurityException, IOException {
        if (trust.storeType() != null) {
            return loadStore(trust);
        }
        KeyStore store = emptyStore();
        int index = 0;
        for (Certificate certificate : readCertificates(trust.file())) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        return store;
    }

    private static KeyStore keyStore(KeyMaterial key) throws GeneralSecurityException, IOException {
        if (key.storeType() != null) {
            return loadStore(key);
        }
        if (key.privateKey() == null) {
            throw new IllegalArgumentException("a client certificate needs its private key file");
        }
        Certificate[] chain = readCertificates(key.file()).toArray(new Certificate[0]);
        PrivateKey privateKey = readPrivateKey(key.privateKey(), key.password());
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey, IN_MEMORY_PASSWORD, chain);
        return store;
    }

    private static KeyStore loadStore(KeyMaterial material) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(material.storeType());
        try (InputStream in = Files.newInputStream(material.file())) {
            store.load(in, material.password());
        }
        return store;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Collection<? extends Certificate> readCertificates(Path file) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return certificates;
        }
    }

    private static PrivateKey readPrivateKey(Path file, char[] password) throws GeneralSecurityException, IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        PKCS8EncodedKeySpec spec;
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            if (password == null) {
                throw new IllegalArgumentException("the private key in " + file + " is encrypted; give its password");
            }
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pemBody(pem, "ENCRYPTED PRIVATE KEY", file));
            // PBES2 (what openssl writes) names the real scheme only in its parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = PBES2.equalsIgnoreCase(info.getAlgName()) && info.getAlgParameters() != null
                    ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
            spec = info.getKeySpec(cipher);
        } else if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            spec = new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY", file));
        } else {
            throw new IllegalArgumentException("no PKCS#8 private key in " + file
                    + " (convert PKCS#1 keys with 'openssl pkcs8 -topk8')");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("unsupported private key type in " + file);
    }

    private static byte[] pemBody(String pem, String label, Path file) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end, start);
        if (start < 0 || stop < 0) {
            throw new IllegalArgumentException("malformed PEM block " + label + " in " + file);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + label + " in " + file + " is not valid base64", e);
        }
    }
}
