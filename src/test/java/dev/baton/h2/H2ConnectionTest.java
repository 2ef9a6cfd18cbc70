package dev.baton.h2;

import dev.baton.h2.H2TestPeer.Frame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;

import static dev.baton.h2.H2TestPeer.ofType;
import static dev.baton.h2.H2TestPeer.readAll;
import static dev.baton.h2.H2TestPeer.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection and its streams over an in-memory endpoint, the test playing both the client and the session. */
class H2ConnectionTest {
    private final H2TestPeer peer = new H2TestPeer(H2TestPeer.settings(100));

    @Test
    void prefaceAndSettingsExchange() {
        final List<Frame> first = peer.frames();
        assertEquals(1, first.size());
        assertEquals(FrameType.SETTINGS, first.get(0).type());
        final ByteBuffer s = ByteBuffer.wrap(first.get(0).payload());
        assertEquals(FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, s.getShort()); // HAProxy's order
        assertEquals(16384 - 1024, s.getInt());
        assertEquals(FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS, s.getShort());
        assertEquals(100, s.getInt());

        peer.handshake();
        final List<Frame> ack = peer.frames();
        assertEquals(1, ack.size());
        assertEquals(FrameType.SETTINGS, ack.get(0).type());
        assertTrue(ack.get(0).has(FrameType.FLAG_ACK));
        assertFalse(peer.connection.isClosed());
    }

    @Test
    void badPrefaceIsAProtocolError() {
        peer.frames();
        peer.raw("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes());
        expectGoAway(H2Error.PROTOCOL_ERROR);
    }

    @Test
    void firstFrameMustBeSettings() {
        peer.frames();
        peer.raw(Preface.BYTES);
        peer.send(FrameType.PING, 0, 0, new byte[8]);
        expectGoAway(H2Error.PROTOCOL_ERROR);
    }

    @Test
    void getIsReadAsHttp11AndTheResponseFramed() throws IOException {
        peer.handshake();
        peer.frames();
        peer.headers(1, true, ":method", "GET", ":scheme", "https", ":path", "/a?b=c", ":authority", "example.com",
            "user-agent", "test", "cookie", "a=1", "accept", "*/*", "cookie", "b=2");
        assertEquals(1, peer.started.size());
        final H2Stream s = peer.started.get(0);
        assertEquals(1, s.id());
        assertEquals("GET https://example.com/a?b=c HTTP/2.0\r\nhost: example.com\r\nuser-agent: test\r\naccept: */*\r\n"
            + "cookie: a=1; b=2\r\n\r\n", readAll(s));
        assertEquals(0, s.read(ByteBuffer.allocate(10)), "no end of stream before the response is sent");

        final String response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n"
            + "Content-Type: text/plain\r\n\r\nhello";
        assertEquals(response.length(), write(s, response));
        peer.settle();
        final List<Frame> frames = peer.frames();
        assertEquals(3, frames.size(), frames.toString());
        assertEquals(FrameType.HEADERS, frames.get(0).type());
        assertTrue(frames.get(0).has(FrameType.FLAG_END_HEADERS));
        assertFalse(frames.get(0).has(FrameType.FLAG_END_STREAM));
        assertEquals(List.of(":status: 200", "content-length: 5", "content-type: text/plain"),
            frames.get(0).fields());
        assertEquals("hello", frames.get(1).text());
        assertEquals(FrameType.DATA, frames.get(2).type());
        assertTrue(frames.get(2).has(FrameType.FLAG_END_STREAM));
        assertEquals(-1, s.read(ByteBuffer.allocate(10)), "the session sees the end once its response is sent");
        s.close();
        peer.settle();
        assertEquals(List.of(), peer.frames(), "a stream complete both ways ends without RST_STREAM");
        assertEquals(0, peer.connection.attachedStreams());
        assertEquals(0, peer.connection.openStreams);
    }

    @Test
    void requestBodiesWithAndWithoutLength() throws IOException {
        peer.handshake();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/up", ":authority", "h",
            "content-length", "10");
        peer.data(1, "01234", false);
        peer.data(1, "56789", true);
        assertEquals("POST http://h/up HTTP/2.0\r\nhost: h\r\ncontent-length: 10\r\n\r\n0123456789", readAll(peer.started.get(0)));

        peer.headers(3, false, ":method", "PUT", ":scheme", "http", ":path", "/c", ":authority", "h");
        peer.data(3, "hello", false);
        final H2Stream put = peer.started.get(1);
        final String first = readAll(put);
        peer.data(3, "", false);
        peer.data(3, "abcdefghij", false);
        peer.data(3, "klmnopq", true);
        assertEquals("PUT http://h/c HTTP/2.0\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello"
            + "\r\n11\r\nabcdefghijklmnopq\r\n0\r\n\r\n", first + readAll(put), "a chunk per run of bytes waiting");
    }

    @Test
    void bodyLongerOrShorterThanItsLengthResetsTheStream() {
        peer.handshake();
        peer.frames();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h",
            "content-length", "3");
        peer.data(1, "abcd", true);
        expectReset(1, H2Error.PROTOCOL_ERROR);
        peer.headers(3, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h",
            "content-length", "3");
        peer.data(3, "ab", true);
        expectReset(3, H2Error.PROTOCOL_ERROR);
        assertFalse(peer.connection.isClosed());
    }

    @Test
    void chunkedResponseIsDechunkedAndHeadHasNoBody() throws IOException {
        final H2Stream s = openGet(peer);
        final String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertEquals(response.length(), write(s, response));
        final List<Frame> frames = peer.frames();
        assertEquals(List.of(":status: 200"), frames.get(0).fields());
        final StringBuilder body = new StringBuilder();
        for (final Frame f : ofType(frames, FrameType.DATA)) {
            body.append(f.text());
        }
        assertEquals("abcdefg", body.toString());
        assertTrue(frames.get(frames.size() - 1).has(FrameType.FLAG_END_STREAM));

        peer.headers(3, true, ":method", "HEAD", ":scheme", "http", ":path", "/", ":authority", "h");
        final H2Stream h = peer.started.get(1);
        readAll(h);
        write(h, "HTTP/1.1 404 Not Found\r\nContent-Length: 120\r\n\r\n");
        final List<Frame> head = peer.frames();
        assertEquals(1, head.size());
        assertTrue(head.get(0).has(FrameType.FLAG_END_STREAM));
        assertEquals(List.of(":status: 404", "content-length: 120"), head.get(0).fields());
    }

    @Test
    void interimResponsesAreSeparateHeaders() throws IOException {
        peer.handshake();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h",
            "expect", "100-continue", "content-length", "2");
        final H2Stream s = peer.started.get(0);
        readAll(s);
        peer.frames();
        write(s, "HTTP/1.1 100 Continue\r\n\r\n");
        peer.data(1, "ok", true);
        assertEquals("ok", readAll(s));
        write(s, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        final List<Frame> frames = peer.frames();
        final List<Frame> heads = ofType(frames, FrameType.HEADERS);
        assertEquals(2, heads.size());
        assertEquals(List.of(":status: 100"), heads.get(0).fields());
        assertFalse(heads.get(0).has(FrameType.FLAG_END_STREAM));
        assertEquals(List.of(":status: 201", "content-length: 0"), heads.get(1).fields());
        assertTrue(heads.get(1).has(FrameType.FLAG_END_STREAM));
    }

    @Test
    void responseWaitsForTheClientsWindow() throws IOException {
        peer.handshake(FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, 10);
        peer.get(1, "/");
        final H2Stream s = peer.started.get(0);
        readAll(s);
        peer.frames();
        final int[] writeReady = new int[1];
        s.handler((ep, ops) -> writeReady[0] |= ops & SelectionKey.OP_WRITE);
        final String head = "HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\n";
        final ByteBuffer response = ByteBuffer.wrap((head + "0123456789abcdefghijklmno").getBytes());
        assertEquals(head.length() + 10, s.write(response), "the head, then the window's 10 bytes");
        assertEquals(0, s.write(response), "a closed window takes nothing");
        s.interest(SelectionKey.OP_WRITE);
        peer.settle();
        assertEquals(0, writeReady[0], "not writable while the window is closed");
        peer.send(FrameType.WINDOW_UPDATE, 0, 1, ByteBuffer.allocate(4).putInt(0, 100).array());
        assertEquals(SelectionKey.OP_WRITE, writeReady[0], "the window update makes the stream writable");
        assertEquals(15, s.write(response));
        final List<Frame> data = ofType(peer.frames(), FrameType.DATA);
        assertEquals("0123456789", data.get(0).text());
        assertEquals("abcdefghijklmno", data.get(1).text());
        assertTrue(data.get(2).has(FrameType.FLAG_END_STREAM));
    }

    @Test
    void requestBodyIsGrantedAsTheSessionReads() throws IOException {
        peer.handshake();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h",
            "content-length", "40000");
        final H2Stream s = peer.started.get(0);
        readAll(s);
        peer.frames();
        final String chunk = "x".repeat(15360); // the stream's whole window
        peer.data(1, chunk, false);
        assertTrue(ofType(peer.frames(), FrameType.WINDOW_UPDATE).stream().allMatch(f -> f.stream() == 0),
            "nothing granted on the stream before the session reads");
        assertEquals(15360, readAll(s).length());
        final List<Frame> updates = ofType(peer.frames(), FrameType.WINDOW_UPDATE);
        final int granted = updates.stream().filter(f -> f.stream() == 1).mapToInt(f -> f.intAt(0)).sum();
        assertTrue(granted >= 15360 && granted <= 16384, "granted " + granted);
    }

    @Test
    void bodySentBeforeOurSettingsAreAckedIsTakenAsTheSessionReads() throws IOException {
        peer.raw(Preface.BYTES);
        peer.settings();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h",
            "content-length", "200000");
        final H2Stream s = peer.started.get(0);
        final StringBuilder got = new StringBuilder(readAll(s));
        final String frame = "z".repeat(16384);
        for (int i = 0; i < 3; i++) {
            peer.data(1, frame, false); // the default window: 65535, before our SETTINGS are applied
            got.append(readAll(s));
        }
        peer.data(1, "z".repeat(65535 - 3 * 16384), false);
        got.append(readAll(s));
        peer.send(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[0]);
        got.append(readAll(s));
        peer.settle();
        final List<Frame> sent = peer.frames();
        assertEquals(List.of(), ofType(sent, FrameType.RST_STREAM));
        int window = 65535 + (15360 - 65535) - 65535; // the client's view of the stream window now
        for (final Frame f : ofType(sent, FrameType.WINDOW_UPDATE)) {
            window += f.stream() == 1 ? f.intAt(0) : 0;
        }
        assertTrue(got.toString().endsWith("z".repeat(65535)), "all the body read");
        assertTrue(window > 0 && window <= 16384, "window " + window);
    }

    @Test
    void windowOverrunIsAFlowControlError() {
        peer.handshake();
        peer.frames();
        peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "h");
        peer.data(1, "y".repeat(15361), false);
        expectReset(1, H2Error.FLOW_CONTROL_ERROR);
    }

    @Test
    void streamsOverTheLimitAreRefused() throws IOException {
        final H2TestPeer small = new H2TestPeer(H2TestPeer.settings(2));
        small.handshake();
        small.frames();
        small.get(1, "/1");
        small.get(3, "/2");
        small.get(5, "/3");
        assertEquals(2, small.started.size());
        final List<Frame> rst = ofType(small.frames(), FrameType.RST_STREAM);
        assertEquals(1, rst.size());
        assertEquals(5, rst.get(0).stream());
        assertEquals(H2Error.REFUSED_STREAM, rst.get(0).intAt(0));
        // one finishes: a new one is taken
        final H2Stream first = small.started.get(0);
        readAll(first);
        write(first, "HTTP/1.1 204 No Content\r\n\r\n");
        first.close();
        small.get(7, "/4");
        assertEquals(3, small.started.size());
    }

    @Test
    void pingIsAnswered() {
        peer.handshake();
        peer.frames();
        peer.send(FrameType.PING, 0, 0, ByteBuffer.allocate(8).putLong(0, 0x1122334455667788L).array());
        final List<Frame> f = peer.frames();
        assertEquals(1, f.size());
        assertEquals(FrameType.PING, f.get(0).type());
        assertTrue(f.get(0).has(FrameType.FLAG_ACK));
        assertEquals(0x1122334455667788L, ByteBuffer.wrap(f.get(0).payload()).getLong());
    }

    @Test
    void clientResetFailsTheSession() throws IOException {
        final H2Stream s = openGet(peer);
        final int[] told = new int[1];
        s.handler((ep, ops) -> told[0] |= ops);
        peer.frames();
        peer.send(FrameType.RST_STREAM, 0, 1, ByteBuffer.allocate(4).putInt(0, H2Error.CANCEL).array());
        assertEquals(SelectionKey.OP_READ, told[0] & SelectionKey.OP_READ, "the reset is told as readiness");
        assertThrows(IOException.class, () -> s.read(ByteBuffer.allocate(10)));
        assertThrows(IOException.class, () -> write(s, "HTTP/1.1 200 OK\r\n\r\n"));
        s.close();
        peer.settle();
        assertEquals(List.of(), ofType(peer.frames(), FrameType.RST_STREAM), "no RST back for the client's own");
        assertEquals(0, peer.connection.attachedStreams());
    }

    @Test
    void sessionClosingEarlyCancelsTheStream() throws IOException {
        final H2Stream s = openGet(peer);
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
        s.close();
        peer.settle();
        expectReset(1, H2Error.CANCEL);
        assertFalse(peer.connection.isClosed());
    }

    @Test
    void malformedRequestsAreStreamErrorsAndHpackStaysInStep() throws IOException {
        peer.handshake();
        peer.frames();
        peer.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "h", "X-Upper", "1");
        expectReset(1, H2Error.PROTOCOL_ERROR);
        peer.headers(3, true, ":method", "GET", ":scheme", "http", ":path", "/", "connection", "close");
        expectReset(3, H2Error.PROTOCOL_ERROR);
        peer.headers(5, true, ":method", "GET", ":path", "/");
        expectReset(5, H2Error.PROTOCOL_ERROR);
        peer.headers(7, true, ":method", "GET", ":scheme", "http", ":path", "/", "a", "b\r\nc: d");
        expectReset(7, H2Error.PROTOCOL_ERROR);
        peer.headers(9, true, ":method", "GET", "x", "y", ":scheme", "http", ":path", "/");
        expectReset(9, H2Error.PROTOCOL_ERROR);
        assertTrue(peer.started.isEmpty());
        peer.get(11, "/ok");
        assertEquals(1, peer.started.size());
        assertTrue(readAll(peer.started.get(0)).startsWith("GET https://example.com/ok HTTP/2.0\r\nhost: example.com\r\n"));
    }

    @Test
    void connectionErrors() {
        peer.handshake();
        peer.frames();
        peer.headers(2, true, ":method", "GET", ":scheme", "http", ":path", "/");
        expectGoAway(H2Error.PROTOCOL_ERROR);

        final H2TestPeer p2 = new H2TestPeer(H2TestPeer.settings(100));
        p2.handshake();
        p2.frames();
        final byte[] block = p2.block(":method", "GET", ":scheme", "http", ":path", "/");
        p2.send(FrameType.HEADERS, 0, 1, block); // no END_HEADERS: a CONTINUATION must follow
        p2.send(FrameType.PING, 0, 0, new byte[8]);
        final Frame g = ofType(p2.frames(), FrameType.GOAWAY).get(0);
        assertEquals(H2Error.PROTOCOL_ERROR, g.intAt(4));
        assertTrue(p2.connection.isClosed());

        final H2TestPeer p3 = new H2TestPeer(H2TestPeer.settings(100));
        p3.handshake();
        p3.frames();
        p3.send(FrameType.HEADERS, FrameType.FLAG_END_HEADERS, 1, new byte[] {(byte) 0x80}); // HPACK index 0
        assertEquals(H2Error.COMPRESSION_ERROR, ofType(p3.frames(), FrameType.GOAWAY).get(0).intAt(4));

        final H2TestPeer p4 = new H2TestPeer(H2TestPeer.settings(100));
        p4.handshake();
        p4.frames();
        p4.send(FrameType.WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE).array());
        assertEquals(H2Error.FLOW_CONTROL_ERROR, ofType(p4.frames(), FrameType.GOAWAY).get(0).intAt(4));
    }

    @Test
    void headerBlockAcrossContinuations() throws IOException {
        peer.handshake();
        final byte[] block = peer.block(":method", "GET", ":scheme", "http", ":path", "/split", ":authority", "h");
        final byte[] a = java.util.Arrays.copyOfRange(block, 0, 3);
        final byte[] b = java.util.Arrays.copyOfRange(block, 3, block.length);
        peer.send(FrameType.HEADERS, FrameType.FLAG_END_STREAM, 1, a);
        assertTrue(peer.started.isEmpty());
        peer.send(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 1, b);
        assertEquals("GET http://h/split HTTP/2.0\r\nhost: h\r\n\r\n", readAll(peer.started.get(0)));
    }

    @Test
    void largeResponseHeadIsContinued() throws IOException {
        final H2TestPeer peer = new H2TestPeer(new H2Settings(100, 4096, 15360, 32768, 5000, 2000, 1000, 30000));
        final H2Stream s = openGet(peer);
        final String big = "v".repeat(9000);
        write(s, "HTTP/1.1 200 OK\r\nX-A: " + big + "\r\nX-B: " + big + "\r\nContent-Length: 0\r\n\r\n");
        final List<Frame> f = peer.frames();
        assertEquals(FrameType.HEADERS, f.get(0).type());
        assertFalse(f.get(0).has(FrameType.FLAG_END_HEADERS));
        assertEquals(FrameType.CONTINUATION, f.get(1).type());
        assertTrue(f.get(1).has(FrameType.FLAG_END_HEADERS));
        assertEquals(List.of(":status: 200", "x-a: " + big, "x-b: " + big, "content-length: 0"), f.get(1).fields());
    }

    @Test
    void idleConnectionTimesOutWithGoAway() throws IOException {
        final H2Stream s = openGet(peer);
        write(s, "HTTP/1.1 204 No Content\r\n\r\n");
        s.close();
        peer.settle();
        peer.frames();
        peer.advanceMs(1500);
        assertFalse(peer.connection.isClosed(), "http-keep-alive (2 s) not over yet");
        peer.advanceMs(600);
        final List<Frame> f = peer.frames();
        assertEquals(FrameType.GOAWAY, f.get(0).type());
        assertEquals(1, f.get(0).intAt(0), "the last stream");
        assertEquals(H2Error.NO_ERROR, f.get(0).intAt(4));
        assertTrue(peer.connection.isClosed());
    }

    @Test
    void clientLeavingFailsItsStreams() throws IOException {
        final H2Stream s = openGet(peer);
        peer.endpoint.peerCloses();
        peer.settle();
        assertTrue(peer.connection.isClosed());
        assertThrows(IOException.class, () -> s.read(ByteBuffer.allocate(10)));
        s.close();
        assertEquals(0, peer.connection.attachedStreams());
        assertEquals(0, peer.buffers.outstanding());
    }

    @Test
    void goAwayFromTheClientLetsStreamsFinish() throws IOException {
        final H2Stream s = openGet(peer);
        peer.send(FrameType.GOAWAY, 0, 0, new byte[8]);
        peer.get(3, "/late");
        assertEquals(1, peer.started.size(), "no new stream after GOAWAY");
        assertFalse(peer.connection.isClosed());
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        s.close();
        peer.settle();
        assertTrue(peer.connection.isClosed(), "the last stream done, the connection goes");
    }

    @Test
    void gracefulStopSendsGoAwayAndWaitsForTheStreams() throws IOException {
        final H2Stream s = openGet(peer);
        peer.connection.stopGracefully();
        final List<Frame> f = peer.frames();
        assertEquals(FrameType.GOAWAY, f.get(0).type());
        assertEquals(1, f.get(0).intAt(0), "stream 1 may still finish");
        assertEquals(H2Error.NO_ERROR, f.get(0).intAt(4));
        peer.get(3, "/after");
        assertEquals(1, peer.started.size(), "no stream after our GOAWAY");
        assertFalse(peer.connection.isClosed());
        write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
        s.close();
        peer.settle();
        assertTrue(peer.connection.isClosed());
        assertEquals("x", ofType(peer.frames(), FrameType.DATA).get(0).text());
    }

    @Test
    void killFailsEveryStream() throws IOException {
        final H2Stream s = openGet(peer);
        peer.connection.kill();
        assertTrue(peer.connection.isClosed());
        assertThrows(IOException.class, () -> write(s, "HTTP/1.1 200 OK\r\n\r\n"));
        s.close();
        assertEquals(0, peer.connection.attachedStreams());
    }

    /** Handshake, a GET on stream 1 read by the session, the server's frames so far taken: the stream. */
    private static H2Stream openGet(final H2TestPeer p) throws IOException {
        p.handshake();
        p.get(1, "/");
        final H2Stream s = p.started.get(0);
        readAll(s);
        p.frames();
        return s;
    }

    private void expectGoAway(final int code) {
        final List<Frame> goAways = ofType(peer.frames(), FrameType.GOAWAY);
        assertEquals(1, goAways.size());
        assertEquals(H2Error.name(code), H2Error.name(goAways.get(0).intAt(4)));
        assertTrue(peer.connection.isClosed());
    }

    private void expectReset(final int stream, final int code) {
        final List<Frame> rst = ofType(peer.frames(), FrameType.RST_STREAM);
        assertEquals(1, rst.size(), rst.toString());
        assertEquals(stream, rst.get(0).stream());
        assertEquals(H2Error.name(code), H2Error.name(rst.get(0).intAt(0)));
    }
}
