package io.memorymanager.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A throw-away PKCS12 keystore with a self-signed certificate for 127.0.0.1 and localhost, made with keytool. */
public final class TestKeystore {

    private TestKeystore() {
    }

    /** Writes {@code dir/server.p12} protected by {@code password} and returns it. */
    public static Path generate(Path dir, String password) throws IOException, InterruptedException {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mm", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool could not make a keystore");
        }
        return keystore;
    }
}
