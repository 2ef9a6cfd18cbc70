package dev.baton.io;

import dev.baton.config.ProxyOptions;
import dev.baton.config.SocketBuffers;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The socket options a proxy's {@link ProxyOptions} set on its connections, once, when a client is accepted or a
 * server socket is opened (before its connect): {@code option nolinger} sets SO_LINGER 0 on that proxy's side, so
 * every close of it sends RST and leaves no TIME_WAIT (HAProxy sets it at close time; the kernel then does the
 * same); {@code option tcp-smart-accept} (HAProxy's default in {@code mode http}) turns TCP_QUICKACK off on the
 * listening socket, as HAProxy does, and the clients it accepts inherit that from it: the kernel does not
 * acknowledge a request at once but lets the response carry the ACK (Linux's delayed ACK timer still sends it after
 * about 40 ms), and no accepted socket needs a system call of its own for it; {@code option tcp-smart-connect}
 * turns TCP_QUICKACK off on a server socket before its connect, so the ACK of the SYN-ACK leaves with the
 * request's first bytes. Whichever thread owns
 * the channel; no allocation.
 */
public final class SocketTuning {
    private SocketTuning() {
    }

    /** An accepted client of a frontend with {@code options} ({@code option nolinger}). */
    public static void client(final SocketChannel channel, final ProxyOptions options) throws IOException {
        if (options.nolinger() && channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
    }

    /**
     * The listening TCP socket of a frontend with {@code options}: TCP_QUICKACK off with {@code tcp-smart-accept}, on
     * without (a reload may turn the option off on a socket it keeps), for the clients it accepts from now on. As
     * HAProxy, a failure is ignored (the option only saves a packet). No-op on a socket without TCP_QUICKACK (Unix).
     */
    public static void listener(final ServerSocketChannel channel, final ProxyOptions options) {
        if (channel.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
            try {
                channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, !options.tcpSmartAccept());
            } catch (final IOException | UnsupportedOperationException ignored) {
                // the clients are acknowledged at once: slower by one packet, not wrong
            }
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

    /**
     * The global {@code tune.rcvbuf.client|server} and {@code tune.sndbuf.client|server} of one side: SO_RCVBUF and
     * SO_SNDBUF set to the sizes forced, on an accepted client or on a server socket before its connect, as HAProxy
     * sets them; nothing (no system call) for a size left to the kernel. As HAProxy, a refusal is ignored: the socket
     * keeps the kernel's size, which is slower or larger, not wrong.
     */
    public static void buffers(final SocketChannel channel, final SocketBuffers sizes) {
        if (sizes.rcvbuf() != 0) {
            set(channel, StandardSocketOptions.SO_RCVBUF, sizes.rcvbuf());
        }
        if (sizes.sndbuf() != 0) {
            set(channel, StandardSocketOptions.SO_SNDBUF, sizes.sndbuf());
        }
    }

    private static void set(final SocketChannel channel, final java.net.SocketOption<Integer> option,
                            final int bytes) {
        try {
            channel.setOption(option, bytes);
        } catch (final IOException | UnsupportedOperationException ignored) {
            // the kernel's size stays
        }
    }

    private static void quickAckOff(final SocketChannel channel) throws IOException {
        if (channel.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
            channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, Boolean.FALSE);
        }
    }
}
