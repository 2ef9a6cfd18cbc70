package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.SideBySide;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune.ssl.hard-maxrecord} side by side with HAProxy 2.6: a 5000-byte response over TLS 1.3 goes out in records
 * of at most 1000 bytes of plaintext (1017 on the wire: the content type and the 16-byte AEAD tag added), read from
 * {@code openssl s_client -msg}'s record headers; without the line, in larger records.
 */
class HardMaxRecordSameAsHaproxyTest {
    /**
     * A record received with its header's two length bytes, when its inner content is application data (TLS 1.3
     * encrypts the server's flight and its session tickets in records of the same outer type, inner type 16;
     * BoringSSL sends the flight in one record): only what the response's bytes travelled in.
     */
    private static final Pattern RECEIVED = Pattern.compile("<<< [^\\n]*RecordHeader[^\\n]*\\n\\s+17 03 03 (\\w\\w) "
        + "(\\w\\w)\\s*\\n<<< TLS 1.3, InnerContent[^\\n]*\\n\\s+17\\s");

    @TempDir
    Path tmp;

    private String config(final String tune, final Path socket, final int port, final Path pem) throws Exception {
        final Path body = Files.writeString(tmp.resolve("body.txt"), "a".repeat(5000));
        return SideBySide.header(socket, "http").replaceFirst("global\n", "global\n" + tune) + String.join("\n",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " ssl crt " + pem,
            "    http-request return status 200 content-type text/plain file " + body,
            "");
    }

    /** The largest application-data record the proxy sent for one request, and how many it sent. */
    private static List<String> records(final int port) throws Exception {
        final ExternalTool.Result r = ExternalTool.run("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "apt-get install openssl", "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3", "-msg",
            "-ign_eof");
        final Matcher m = RECEIVED.matcher(r.output());
        int largest = 0;
        int count = 0;
        while (m.find()) {
            largest = Math.max(largest, Integer.parseInt(m.group(1) + m.group(2), 16));
            count++;
        }
        assertTrue(count > 0, r.output());
        return List.of("largest record " + largest);
    }

    private SideBySide.Seen both(final String tune) throws Exception {
        final Path pem = new TlsCerts(tmp).rsa("site.pem", "site.test");
        try (HttpBackend ready = HttpBackend.start(new HttpBackend.Options().name("ready"))) {
            return SideBySide.run(tmp, (socket, port) -> {
                try {
                    return config(tune, socket, port, pem);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, ready.port(), (socket, port) -> records(port));
        }
    }

    @Test
    void everyRecordCarriesAtMostTheCap() throws Exception {
        final SideBySide.Seen seen = both("    tune.ssl.hard-maxrecord 1000\n");
        assertEquals(List.of("largest record 1017"), seen.haproxy(), "HAProxy's");
        assertEquals(seen.haproxy(), seen.baton());
    }

    @Test
    void withoutItARecordCarriesTheWholeResponse() throws Exception {
        final SideBySide.Seen seen = both("");
        final int largest = Integer.parseInt(seen.baton().get(0).replace("largest record ", ""));
        assertTrue(largest > 5000, seen.baton().toString());
    }
}
