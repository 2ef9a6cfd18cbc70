package dev.baton.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}) for {@code option redis-check}: HAProxy
 * sends {@code PING\r\n} and wants {@code +PONG\r\n}.
 *
 * <pre>
 * try (RealRedis redis = new RealRedis()) {   // started and answering PING when the constructor returns
 *     ... server s1 127.0.0.1:redis.port() check ...
 *     redis.stop();                           // SIGTERM: the port refuses connections once this returns
 *     redis.start();                          // same port, ready again
 * }                                           // stopped, directory deleted
 * </pre>
 *
 * It runs with {@code --port N --bind 127.0.0.1 --save '' --appendonly no --dir DIR}: nothing is persisted,
 * so a restart starts empty. Running as root is fine for redis. There is no way to make a real redis answer
 * PING with something else; use a {@code tcp-check} against a test-servers speaker for that.
 */
public final class RealRedis extends RealServer {
    private final Path binary;

    /** Starts redis-server on a free port; returns once it answers {@code PING} with {@code +PONG}. */
    public RealRedis() throws IOException {
        super("redis");
        try {
            binary = requireBinary("redis-server", "redis-server", "/usr/bin", "/usr/sbin");
            start();
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    List<String> command() {
        return List.of(binary.toString(), "--port", Integer.toString(port()), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", dir().toString(), "--daemonize", "no",
            "--protected-mode", "yes", "--databases", "1", "--logfile", "");
    }

    /** {@code PING} answered by {@code +PONG}, exactly what {@code option redis-check} asks for. */
    @Override
    boolean probe() throws IOException {
        try (Socket s = probeSocket()) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            final byte[] answer = s.getInputStream().readNBytes(7);
            return "+PONG\r\n".equals(new String(answer, StandardCharsets.US_ASCII));
        }
    }
}
