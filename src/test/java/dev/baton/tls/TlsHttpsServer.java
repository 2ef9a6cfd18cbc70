package dev.baton.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS/1.1 test server on the JDK's TLS (a thread per connection, keep-alive, requests without a body): it
 * records each connection's handshake (the SNI it was asked for, the client certificate's subject, the ALPN
 * protocol) and answers every request with {@code conn=N sni=... alpn=... client=...}, so that a test sees what
 * baton sent and on which connection. Optionally requires a client certificate signed by a CA. Stopped by
 * {@link #close}, which closes every socket and joins every thread.
 */
final class TlsHttpsServer implements AutoCloseable {
    /** One connection's handshake, as the server saw it. */
    record Handshake(int conn, String sni, String alpn, String clientSubject) {
    }

    private final SSLServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    /** Every handshake so far, in order. */
    final Queue<Handshake> handshakes = new ConcurrentLinkedQueue<>();

    private TlsHttpsServer(final SSLServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "https-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Serves with the certificate and key of {@code pem}; {@code clientCa} (or null): the CA a client certificate must
     * be signed by, and then one is required; {@code alpn}: the protocols it accepts (none: no ALPN).
     */
    static TlsHttpsServer start(final Path pem, final Path clientCa, final String... alpn) throws Exception {
        final PemBundle bundle = PemBundle.load(pem);
        final KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", bundle.key(), new char[0], bundle.chain().toArray(new Certificate[0]));
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        TrustManagerFactory tmf = null;
        if (clientCa != null) {
            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(clientCa)) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        final SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final SSLParameters p = s.getSSLParameters();
        p.setNeedClientAuth(clientCa != null);
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
        return new TlsHttpsServer(s);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            final Socket s;
            try {
                s = server.accept();
            } catch (final IOException e) {
                return; // closed
            }
            sockets.add(s);
            final int n = connections.incrementAndGet();
            final Thread t = new Thread(() -> serve((SSLSocket) s, n), "https-test-conn-" + n);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve(final SSLSocket s, final int conn) {
        try (s) {
            s.startHandshake();
            String sni = "-";
            for (final SNIServerName name : ((ExtendedSSLSession) s.getSession()).getRequestedServerNames()) {
                if (name instanceof SNIHostName h) {
                    sni = h.getAsciiName();
                }
            }
            String client = "-";
            try {
                client = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (final javax.net.ssl.SSLPeerUnverifiedException e) {
                // no client certificate
            }
            final String alpn = s.getApplicationProtocol() == null || s.getApplicationProtocol().isEmpty() ? "-"
                : s.getApplicationProtocol();
            handshakes.add(new Handshake(conn, sni, alpn, client));
            final InputStream in = s.getInputStream();
            final OutputStream out = s.getOutputStream();
            final byte[] body = ("conn=" + conn + " sni=" + sni + " alpn=" + alpn + " client=" + client + "\n")
                .getBytes(StandardCharsets.US_ASCII);
            while (readHead(in)) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (final IOException e) {
            // the peer went away, or the handshake failed (what verification tests cause)
        }
    }

    /** Reads one request head (no body): false at end of stream. */
    private static boolean readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        join(acceptor);
        synchronized (sockets) {
            for (final Socket s : sockets) {
                s.close();
            }
        }
        synchronized (threads) {
            for (final Thread t : threads) {
                join(t);
            }
        }
    }

    private static void join(final Thread t) {
        try {
            t.join(5000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
