package dev.baton.log;

/**
 * The fields of HAProxy's httplog format, filled by an HTTP session per request and rendered as
 * <pre>CLIENT_IP:PORT [REQUEST_DATE] FRONTEND BACKEND/SERVER TR/Tw/Tc/Tr/Ta STATUS BYTES_READ - - TERMINATION
 * ACTCONN/FECONN/BECONN/SRV_CONN/RETRIES SRV_QUEUE/BACKEND_QUEUE "REQUEST LINE"</pre>
 * Times in ms, -1 for a phase never reached; bytes are those sent to the client; no cookie captures (so
 * {@code - -} and the last two characters of the termination state {@code --}). Reused per request ({@link #clear}): {@link #render} allocates only the line's String.
 */
public final class HttpLogLine extends StreamLogFields {
    public long requestEpochMs;
    public long requestMs;
    public long responseMs;
    public long activeMs;
    public int status;
    /** The request line as received (latin-1), or empty for a request that never parsed. */
    public final byte[] requestLine = new byte[1024];
    public int requestLineLength;
    private final StringBuilder sb = new StringBuilder(256);

    /** Forgets the request: no field keeps a value (or a reference) from it. */
    public void clear() {
        clearShared();
        requestEpochMs = 0;
        requestMs = 0;
        responseMs = 0;
        activeMs = 0;
        status = 0;
        requestLineLength = 0;
    }

    public String render() {
        sb.setLength(0);
        sb.append(clientText()).append(" [");
        TrafficLog.appendDate(sb, requestEpochMs);
        sb.append("] ").append(frontend).append(' ').append(backend).append('/').append(server).append(' ');
        sb.append(requestMs).append('/').append(waitMs).append('/').append(connectMs).append('/')
            .append(responseMs).append('/').append(activeMs).append(' ');
        sb.append(status).append(' ').append(bytesRead).append(" - - ")
            .append(terminationCause).append(terminationState).append("-- ");
        sb.append(actconn).append('/').append(feconn).append('/').append(beconn).append('/').append(srvconn)
            .append('/');
        if (redispatched) {
            sb.append('+');
        }
        sb.append(retries).append(' ').append(srvQueue).append('/').append(backendQueue).append(" \"");
        if (requestLineLength == 0) {
            sb.append("<BADREQ>");
        } else {
            for (int i = 0; i < requestLineLength; i++) {
                final char c = (char) (requestLine[i] & 0xff);
                sb.append(c == '"' ? '\'' : c);
            }
        }
        return sb.append('"').toString();
    }
}
