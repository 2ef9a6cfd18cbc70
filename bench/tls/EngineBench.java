import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.*;
import java.io.File;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.KeyStore;

/**
 * The measurement behind baton's TLS engine choice (README, "TLS"): server-side CPU time per full handshake and per
 * keep-alive exchange, the JDK's SSLEngine against netty-tcnative's BoringSSL SSLEngine, both driven in memory by a
 * BoringSSL client, on one thread (CPU time of the server engine's calls only). Run by bench/tls/engines.sh.
 * Usage: java EngineBench jdk|ossl ec|rsa TLSv1.3|TLSv1.2 HANDSHAKES (certificates ec.crt/ec8.key/ec.p12 and
 * rsa.crt/rsa8.key/rsa.p12 in the working directory, made by the script).
 */
public class EngineBench {
    static ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    static long serverNs;

    interface ServerFactory { SSLEngine create() throws Exception; }

    public static void main(String[] a) throws Exception {
        String which = a[0]; // jdk|ossl
        String key = a[1];   // ec|rsa
        String proto = a[2]; // TLSv1.3|TLSv1.2
        int n = Integer.parseInt(a[3]);
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
            .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols(proto).build();
        ServerFactory sf;
        if (which.equals("jdk")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new FileInputStream(key + ".p12"), "x".toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, "x".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            sf = () -> { SSLEngine e = ctx.createSSLEngine(); e.setUseClientMode(false); e.setEnabledProtocols(new String[]{proto}); return e; };
        } else {
            SslContext sc = SslContextBuilder.forServer(new File(key + ".crt"), new File(key.equals("ec") ? "ec8.key" : "rsa8.key"))
                .sslProvider(SslProvider.OPENSSL).protocols(proto).build();
            sf = () -> sc.newEngine(ByteBufAllocator.DEFAULT);
        }
        // warm-up then measure
        for (int round = 0; round < 2; round++) {
            serverNs = 0;
            long w0 = System.nanoTime();
            int count = round == 0 ? n / 2 : n;
            String cipher = null;
            for (int i = 0; i < count; i++) {
                SSLEngine c = client.newEngine(ByteBufAllocator.DEFAULT);
                SSLEngine s = sf.create();
                cipher = handshake(c, s);
                if (round == 1 && i == count - 1) {
                    bulk(c, s, which, key, proto);
                }
                release(c); release(s);
            }
            long w1 = System.nanoTime();
            if (round == 1) {
                System.out.printf("%s %s %s %s: server CPU %.0f us/handshake => %.0f handshakes/s per CPU (wall incl. client %.0f/s)%n",
                    which, key, proto, cipher, serverNs / 1e3 / count, count * 1e9 / serverNs, count * 1e9 / (w1 - w0));
            }
        }
    }

    static void release(SSLEngine e) {
        if (e instanceof io.netty.util.ReferenceCounted) ((io.netty.util.ReferenceCounted) e).release();
    }

    static ByteBuffer c2s = ByteBuffer.allocateDirect(1 << 17), s2c = ByteBuffer.allocateDirect(1 << 17);
    static ByteBuffer capp = ByteBuffer.allocateDirect(1 << 17), sapp = ByteBuffer.allocateDirect(1 << 17);
    static ByteBuffer empty = ByteBuffer.allocate(0);

    static long cpu() { return mx.getCurrentThreadCpuTime(); }

    static String handshake(SSLEngine c, SSLEngine s) throws Exception {
        c.beginHandshake();
        c2s.clear(); s2c.clear();
        boolean cdone = false, sdone = false;
        for (int iter = 0; iter < 100 && !(cdone && sdone && c2s.position() == 0 && s2c.position() == 0); iter++) {
            // client side
            s2c.flip(); capp.clear();
            while (s2c.hasRemaining()) { SSLEngineResult r = c.unwrap(s2c, capp); runTasks(c); if (r.bytesConsumed() == 0 && r.getStatus() != SSLEngineResult.Status.OK) break; }
            s2c.compact();
            runTasks(c);
            while (true) { SSLEngineResult r = c.wrap(empty, c2s); runTasks(c); if (r.bytesProduced() == 0) break; }
            cdone = c.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
            // server side
            long t0 = cpu();
            c2s.flip(); sapp.clear();
            while (c2s.hasRemaining()) { SSLEngineResult r = s.unwrap(c2s, sapp); runTasks(s); if (r.bytesConsumed() == 0 && r.getStatus() != SSLEngineResult.Status.OK) break; }
            c2s.compact();
            runTasks(s);
            while (true) { SSLEngineResult r = s.wrap(empty, s2c); runTasks(s); if (r.bytesProduced() == 0) break; }
            serverNs += cpu() - t0;
            sdone = s.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        }
        if (!cdone || !sdone) throw new IllegalStateException("no handshake " + c.getHandshakeStatus() + " " + s.getHandshakeStatus());
        return s.getSession().getCipherSuite();
    }

    static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) t.run();
    }

    /** 100-byte request in, 16 KiB response out; and 1 KiB response; server CPU per exchange. */
    static void bulk(SSLEngine c, SSLEngine s, String which, String key, String proto) throws Exception {
        byte[] req = new byte[100];
        for (int size : new int[]{1024, 16384}) {
            byte[] resp = new byte[size];
            int rounds = 20000;
            long sns = 0;
            for (int i = 0; i < rounds + 5000; i++) {
                c2s.clear(); capp.clear(); capp.put(req).flip();
                c.wrap(capp, c2s); c2s.flip();
                long t0 = cpu();
                sapp.clear(); s.unwrap(c2s, sapp);
                sapp.clear(); sapp.put(resp).flip(); s2c.clear();
                while (sapp.hasRemaining()) s.wrap(sapp, s2c);
                long t1 = cpu();
                if (i >= 5000) sns += t1 - t0;
                s2c.flip(); capp.clear();
                while (s2c.hasRemaining()) c.unwrap(s2c, capp);
            }
            System.out.printf("  %s %s %s keep-alive 100 B req / %d B resp: server CPU %.2f us/exchange%n", which, key, proto, size, sns / 1e3 / rounds);
        }
    }
}
