package dev.baton.tls;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native contexts of a configuration a reload replaced are freed once nothing reaches them (before, each reload
 * kept its certificates' and servers' BoringSSL contexts forever: about 350 KiB per reload with five certificates);
 * an explicit release frees them at once, and only once.
 */
class TlsContextReleaseTest {
    @TempDir
    Path tmp;

    /** The native contexts of a setup with two certificates on a bind and a TLS server. */
    private List<ReferenceCounted> nativeContexts(final TlsSetup setup, final BatonConfig config) {
        final List<ReferenceCounted> out = new ArrayList<>();
        for (final CertIndex.Cert c : setup.context(config.frontends().get(0).binds().get(0)).certs()) {
            out.add((ReferenceCounted) c.context());
        }
        out.add((ReferenceCounted) setup.context(config.proxies().get(1).servers().get(0)).sslContext());
        return out;
    }

    private BatonConfig config() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp);
        final Path a = certs.rsa("a.pem", "a.test");
        final Path b = certs.ec("b.pem", "b.test");
        return ConfigLoader.parse("t.cfg", "frontend fe\n    mode http\n    bind 127.0.0.1:1 ssl crt " + a + " crt " + b
            + "\n    default_backend be\nbackend be\n    mode http\n    server s1 127.0.0.1:2 ssl verify none\n", Map.of());
    }

    @Test
    void anUnreachableConfigurationsContextsAreFreed() throws Exception {
        List<ReferenceCounted> contexts = null;
        for (int i = 0; i < 3; i++) { // a few generations built and dropped, as reloads do
            final BatonConfig config = config();
            final TlsSetup setup = TlsSetup.build(config);
            assertEquals(List.of(), setup.errors());
            contexts = nativeContexts(setup, config);
        }
        assertEquals(3, contexts.size());
        final List<ReferenceCounted> last = contexts;
        assertTrue(last.stream().allMatch(c -> c.refCnt() == 1), "held until unreachable");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return last.stream().allMatch(c -> c.refCnt() == 0);
        });
    }

    @Test
    void anExplicitReleaseFreesAtOnceAndOnlyOnce() throws Exception {
        final BatonConfig config = config();
        final TlsSetup setup = TlsSetup.build(config);
        final List<ReferenceCounted> contexts = nativeContexts(setup, config);
        setup.release();
        assertTrue(contexts.stream().allMatch(c -> c.refCnt() == 0));
        setup.release(); // a second release (a stop after a refused build) does nothing
        assertTrue(contexts.stream().allMatch(c -> c.refCnt() == 0));
    }
}
