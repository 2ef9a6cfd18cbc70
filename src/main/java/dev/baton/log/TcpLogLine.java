package dev.baton.log;

/**
 * The fields of HAProxy's tcplog format, filled by a stream when it ends and rendered as
 * <pre>CLIENT_IP:PORT [ACCEPT_DATE] FRONTEND BACKEND/SERVER Tw/Tc/Tt BYTES_READ TERMINATION_STATE
 * ACTCONN/FECONN/BECONN/SRV_CONN/RETRIES SRV_QUEUE/BACKEND_QUEUE</pre>
 * Times in ms, -1 for a phase never reached; bytes read are those sent to the client; {@code +} before
 * the retries when the stream was redispatched; the queue positions are those the server leg recorded.
 */
public final class TcpLogLine extends StreamLogFields {
    public long acceptEpochMs;
    public long totalMs;

    public StringBuilder render(final StringBuilder sb) {
        sb.append(clientText()).append(" [");
        TrafficLog.appendDate(sb, acceptEpochMs);
        sb.append("] ").append(frontend).append(' ').append(backend).append('/').append(server).append(' ');
        sb.append(waitMs).append('/').append(connectMs).append('/').append(totalMs).append(' ');
        sb.append(bytesRead).append(' ').append(terminationCause).append(terminationState).append(' ');
        sb.append(actconn).append('/').append(feconn).append('/').append(beconn).append('/').append(srvconn)
            .append('/');
        if (redispatched) {
            sb.append('+');
        }
        sb.append(retries).append(' ').append(srvQueue).append('/').append(backendQueue);
        return sb;
    }
}
