package dev.baton.io;

import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * TCP keep-alive on one socket, as HAProxy sets it for {@code option clitcpka}/{@code srvtcpka}: SO_KEEPALIVE,
 * then TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT where the proxy set them (0: the kernel's default). The
 * calling reactor's thread; a few setsockopt calls, no allocation beyond boxing small integers.
 */
public final class KeepAlive {
    private KeepAlive() {
    }

    public static void enable(final SocketChannel channel, final int idleS, final int intvlS, final int cnt)
        throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, Boolean.TRUE);
        if (idleS > 0) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, idleS);
        }
        if (intvlS > 0) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, intvlS);
        }
        if (cnt > 0) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, cnt);
        }
    }
}
