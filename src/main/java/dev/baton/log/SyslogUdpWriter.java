package dev.baton.log;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;

/**
 * Syslog over UDP ({@link SyslogWriter} for the datagram). Properties: {@code host}, {@code port} (default 514),
 * {@code facility}. Written for baton because tinylog 2.7's own syslog writer always sends to localhost whatever
 * host it is given. tinylog's writing thread only.
 */
public final class SyslogUdpWriter extends SyslogWriter {
    private final DatagramSocket socket;
    private final InetAddress address;
    private final int port;

    public SyslogUdpWriter(final Map<String, String> properties) throws IOException {
        super(properties);
        this.address = InetAddress.getByName(properties.getOrDefault("host", "127.0.0.1"));
        this.port = Integer.parseInt(properties.getOrDefault("port", "514"));
        this.socket = new DatagramSocket();
    }

    @Override
    void send(final byte[] bytes, final int length) throws IOException {
        socket.send(new DatagramPacket(bytes, length, address, port));
    }

    @Override
    public void close() {
        socket.close();
    }
}
