package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import dev.baton.testservers.TrustAnyCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bind ... accept-proxy ssl}: the PROXY protocol header comes first, in clear, then the TLS handshake, as
 * HAProxy reads them; rules see the header's client address and the TLS session.
 */
class TlsAfterProxyHeaderTest {
    @TempDir
    Path tmp;

    /**
     * Holds its first write (the PROXY header) and sends it with the second (the ClientHello), so that both reach
     * baton in one segment, as a fast client's do: the header reader then holds the hello's first bytes.
     */
    private static final class CoalescingSocket extends Socket {
        private OutputStream out;

        @Override
        public synchronized OutputStream getOutputStream() throws java.io.IOException {
            if (out == null) {
                final OutputStream real = super.getOutputStream();
                out = new OutputStream() {
                    private byte[] held;

                    @Override
                    public void write(final int b) throws java.io.IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(final byte[] b, final int off, final int len) throws java.io.IOException {
                        if (held == null && len > 0 && b[off] == 'P') {
                            held = java.util.Arrays.copyOfRange(b, off, off + len);
                            return;
                        }
                        if (held != null) {
                            final byte[] both = new byte[held.length + len];
                            System.arraycopy(held, 0, both, 0, held.length);
                            System.arraycopy(b, off, both, held.length, len);
                            held = new byte[0];
                            real.write(both);
                        } else {
                            real.write(b, off, len);
                        }
                    }

                    @Override
                    public void flush() throws java.io.IOException {
                        real.flush();
                    }
                };
            }
            return out;
        }
    }

    @Test
    void theProxyHeaderComesBeforeTheHandshake() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    option httplog",
            "    timeout client 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " accept-proxy ssl crt " + pem,
            "    http-request return status 200 content-type text/plain string proxied-tls if { src 192.0.2.7 } "
                + "{ ssl_fc } { ssl_fc_sni site.test }",
            "    http-request return status 403",
            ""));
        try (Socket raw = new CoalescingSocket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write("PROXY TCP4 192.0.2.7 127.0.0.1 40000 443\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final SSLSocket tls = (SSLSocket) TrustAnyCertificate.clientContext("TLS").getSocketFactory()
                .createSocket(raw, "site.test", port, true);
            try {
                tls.startHandshake();
            } catch (final java.io.IOException e) {
                throw new AssertionError("handshake: " + dev.baton.support.TrafficLogCapture.lines(l -> true), e);
            }
            final OutputStream out = tls.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = tls.getInputStream();
            final String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200") && response.endsWith("proxied-tls"), response);
        } finally {
            daemon.close();
        }
    }
}
