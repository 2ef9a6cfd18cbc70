package dev.baton.io;

import dev.baton.config.ProxyOptions;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The socket options a proxy's {@link ProxyOptions} set on its connections, once, when a client is accepted or a
 * server socket is opened (before its connect): {@code option nolinger} sets SO_LINGER 0 on that proxy's side, so
 * every close of it sends RST and leaves no TIME_WAIT (HAProxy sets it at close time; the kernel then does the
 * same); {@code option tcp-smart-accept} (HAProxy's default in {@code mode http}) turns TCP_QUICKACK off on an
 * accepted client, so the kernel does not acknowledge the request at once but lets the response carry the ACK
 * (HAProxy sets it on the listening socket; Java offers it on the accepted one, to the same effect: Linux's delayed
 * ACK timer still sends it after about 40 ms); {@code option tcp-smart-connect} turns TCP_QUICKACK off on a server
 * socket before its connect, so the ACK of the SYN-ACK leaves with the request's first bytes. Whichever thread owns
 * the channel; no allocation.
 */
public final class SocketTuning {
    private SocketTuning() {
    }

    /** An accepted client of a frontend with {@code options} ({@code option nolinger}, {@code tcp-smart-accept}). */
    public static void client(final SocketChannel channel, final ProxyOptions options) throws IOException {
        if (options.nolinger() && channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        if (options.tcpSmartAccept()) {
            quickAckOff(channel);
        }
    }

    /** A server socket of a backend with {@code options}, not yet connected. */
    public static void server(final SocketChannel channel, final ProxyOptions options) throws IOException {
        if (options.nolinger() && channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        if (options.tcpSmartConnect()) {
            quickAckOff(channel);
        }
    }

    private static void quickAckOff(final SocketChannel channel) throws IOException {
        if (channel.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
            channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, Boolean.FALSE);
        }
    }
}
