package io.memorymanager.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of HTTPS from a PKCS12 keystore; TLS 1.2 and 1.3 as the JDK offers them. */
final class Tls {

    private Tls() {
    }

    /** @throws IllegalArgumentException naming the file when the keystore or its password cannot be used */
    static SSLContext context(Path keystore, Path passwordFile) {
        char[] password;
        try {
            List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
            password = (lines.isEmpty() ? "" : lines.get(0)).toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("keystorePasswordFile is missing or unreadable: " + passwordFile);
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("keystore " + keystore + " cannot be used: " + e.getMessage());
        }
    }
}
