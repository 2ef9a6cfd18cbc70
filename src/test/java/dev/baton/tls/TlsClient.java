package dev.baton.tls;

import dev.baton.testservers.TrustAnyCertificate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS client for the tests: connects with an optional server name and protocol, tells the certificate it got,
 * the protocol and cipher, and sends one HTTP/1.1 request. Test thread only; closed by the test.
 */
final class TlsClient implements AutoCloseable {
    private final SSLSocket socket;

    private TlsClient(final SSLSocket socket) {
        this.socket = socket;
    }

    /** Handshakes with 127.0.0.1:{@code port}; {@code sni} null sends none; {@code protocol} such as TLSv1.3. */
    static TlsClient connect(final int port, final String sni, final String protocol) throws Exception {
        final SSLSocket s = (SSLSocket) TrustAnyCertificate.clientContext("TLS").getSocketFactory().createSocket();
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        final SSLParameters p = s.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocol != null) {
            p.setProtocols(new String[] {protocol});
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return new TlsClient(s);
    }

    /** The common name of the certificate the server sent. */
    String subjectCn() throws IOException {
        final X509Certificate c = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        final String dn = c.getSubjectX500Principal().getName();
        return dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    /** GET {@code path} with {@code Connection: close}; the whole response as text. */
    String get(final String path) throws IOException {
        final OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    SSLSocket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
