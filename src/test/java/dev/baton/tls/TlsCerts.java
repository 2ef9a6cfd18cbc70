package dev.baton.tls;

import dev.baton.support.ExternalTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test certificates made at test time with the {@code openssl} command (no private key is committed): self-signed,
 * RSA 2048 or ECDSA P-256, with a common name and DNS alternative names, written as HAProxy's PEM (certificate, then
 * key) into a directory the test owns. A missing {@code openssl} skips the test.
 */
public final class TlsCerts {
    private final Path dir;

    public TlsCerts(final Path dir) {
        this.dir = dir;
    }

    /** Writes {@code file} (in the directory) holding an RSA certificate for {@code cn} and {@code sans}. */
    public Path rsa(final String file, final String cn, final String... sans) throws Exception {
        return make(file, List.of("-newkey", "rsa:2048"), cn, sans);
    }

    /** The same with an ECDSA P-256 key. */
    public Path ec(final String file, final String cn, final String... sans) throws Exception {
        return make(file, List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"), cn, sans);
    }

    private Path make(final String file, final List<String> keyArgs, final String cn, final String... sans)
        throws Exception {
        final Path key = Files.createTempFile(dir.getParent(), "key", ".pem");
        final Path crt = Files.createTempFile(dir.getParent(), "crt", ".pem");
        final List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
            "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out", crt.toString()));
        cmd.addAll(3, keyArgs);
        if (sans.length > 0) {
            cmd.add("-addext");
            cmd.add("subjectAltName=DNS:" + String.join(",DNS:", sans));
        }
        run(cmd);
        final Path out = dir.resolve(file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, Files.readString(crt) + Files.readString(key));
        Files.delete(key);
        Files.delete(crt);
        return out;
    }

    /** Runs {@code openssl ARGS...} and returns its output; fails on a non-zero status. */
    static String run(final List<String> cmd) throws IOException, InterruptedException {
        assumeTrue(ExternalTool.available("openssl"), "openssl is not installed (apt-get install openssl)");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed: " + out);
        }
        return out;
    }
}
