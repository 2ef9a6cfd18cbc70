package dev.baton.io;

import dev.baton.config.ProxyOptions;
import dev.baton.config.SocketBuffers;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code option nolinger}, {@code tcp-smart-accept} (on the listening socket) and {@code tcp-smart-connect}
 * leave on real loopback sockets, read back from the kernel (getsockopt): SO_LINGER 0 and TCP_QUICKACK off where
 * asked, untouched otherwise.
 */
class SocketTuningTest {
    private static ProxyOptions options(final boolean nolinger, final boolean smartAccept, final boolean smartConnect) {
        return new ProxyOptions(nolinger, false, false, false, false, false, false, smartAccept, smartConnect, false);
    }

    @Test
    void acceptedClientGetsNolinger() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel tuned = server.accept();
                 SocketChannel client2 = SocketChannel.open(server.getLocalAddress());
                 SocketChannel plain = server.accept()) {
                SocketTuning.client(tuned, options(true, true, false));
                SocketTuning.client(plain, ProxyOptions.NONE);
                assertEquals(0, tuned.getOption(StandardSocketOptions.SO_LINGER));
                assertEquals(-1, plain.getOption(StandardSocketOptions.SO_LINGER), "linger off by default");
                assertTrue(client.isConnected() && client2.isConnected());
            }
        }
    }

    /** tcp-smart-accept is set on the listening socket, as HAProxy does: every client accepted after inherits it. */
    @Test
    void clientsOfASmartAcceptListenerInheritQuickAckOff() throws Exception {
        try (ServerSocketChannel smart = ServerSocketChannel.open();
             ServerSocketChannel plain = ServerSocketChannel.open()) {
            smart.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            plain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketTuning.listener(smart, options(false, true, false));
            SocketTuning.listener(plain, ProxyOptions.NONE);
            try (SocketChannel c1 = SocketChannel.open(smart.getLocalAddress());
                 SocketChannel smartClient = smart.accept();
                 SocketChannel c2 = SocketChannel.open(plain.getLocalAddress());
                 SocketChannel plainClient = plain.accept()) {
                assertEquals(Boolean.FALSE, smartClient.getOption(ExtendedSocketOptions.TCP_QUICKACK));
                assertEquals(Boolean.TRUE, plainClient.getOption(ExtendedSocketOptions.TCP_QUICKACK));
                assertTrue(c1.isConnected() && c2.isConnected());
            }
            // a reload turning the option off: the listener kept gives quick ACKs again
            SocketTuning.listener(smart, ProxyOptions.NONE);
            try (SocketChannel c3 = SocketChannel.open(smart.getLocalAddress()); SocketChannel again = smart.accept()) {
                assertEquals(Boolean.TRUE, again.getOption(ExtendedSocketOptions.TCP_QUICKACK));
                assertTrue(c3.isConnected());
            }
        }
    }

    @Test
    void serverSocketGetsNolingerAndSmartConnectBeforeItsConnect() throws Exception {
        try (SocketChannel tuned = SocketChannel.open(); SocketChannel plain = SocketChannel.open()) {
            SocketTuning.server(tuned, options(true, false, true));
            SocketTuning.server(plain, options(false, true, false)); // smart-accept is a frontend's: no effect here
            assertEquals(0, tuned.getOption(StandardSocketOptions.SO_LINGER));
            assertEquals(Boolean.FALSE, tuned.getOption(ExtendedSocketOptions.TCP_QUICKACK));
            assertEquals(-1, plain.getOption(StandardSocketOptions.SO_LINGER));
            assertEquals(Boolean.TRUE, plain.getOption(ExtendedSocketOptions.TCP_QUICKACK), "the kernel's default");
        }
    }

    /** tune.rcvbuf.* / tune.sndbuf.*: the sizes forced, read back through the JDK; none: the kernel's. */
    @Test
    void forcedBufferSizesAreSetAndZeroLeavesTheKernelsOwn() throws Exception {
        try (SocketChannel tuned = SocketChannel.open(); SocketChannel half = SocketChannel.open();
             SocketChannel plain = SocketChannel.open()) {
            final int kernelRcv = plain.getOption(StandardSocketOptions.SO_RCVBUF);
            final int kernelSnd = plain.getOption(StandardSocketOptions.SO_SNDBUF);
            SocketTuning.buffers(tuned, new SocketBuffers(8192, 12288));
            SocketTuning.buffers(half, new SocketBuffers(0, 12288));
            SocketTuning.buffers(plain, SocketBuffers.KERNEL);
            assertEquals(8192, tuned.getOption(StandardSocketOptions.SO_RCVBUF));
            assertEquals(12288, tuned.getOption(StandardSocketOptions.SO_SNDBUF));
            assertEquals(kernelRcv, half.getOption(StandardSocketOptions.SO_RCVBUF), "0: left to the kernel");
            assertEquals(12288, half.getOption(StandardSocketOptions.SO_SNDBUF));
            assertEquals(kernelRcv, plain.getOption(StandardSocketOptions.SO_RCVBUF));
            assertEquals(kernelSnd, plain.getOption(StandardSocketOptions.SO_SNDBUF));
            assertTrue(kernelRcv != 8192 && kernelSnd != 12288, "the kernel's sizes differ from the forced ones");
        }
    }
}
