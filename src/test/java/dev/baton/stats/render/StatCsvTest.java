package dev.baton.stats.render;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ServerChecks;
import dev.baton.stats.ServerStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatCsvTest {
    /**
     * HAProxy 2.6.12's {@code show stat} header line, byte for byte, as {@code echo "show stat" | socat - SOCKET}
     * printed it (Debian's haproxy 2.6.12, /usr/sbin/haproxy, default build): 128 names, each followed by a comma,
     * the nameless {@code -} after {@code agg_check_status} and the misspelt {@code src_ilim} included.
     */
    static final String HAPROXY_2_6_12_HEADER =
        "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,"
        + "weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,"
        + "rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,"
        + "hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,"
        + "lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,"
        + "agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,"
        + "conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,"
        + "src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,"
        + "need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,"
        + "ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,"
        + "h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,"
        + "h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,"
        + "h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,"
        + "h1_spliced_bytes_in,h1_spliced_bytes_out,";

    @Test
    void headerIsHaproxy2612sByteForByte() {
        assertEquals(HAPROXY_2_6_12_HEADER, StatCsv.header());
        assertEquals(129, StatCsv.header().split(",", -1).length, "128 fields and the empty one after the last comma");
    }

    @Test
    void everyRowHasHaproxysFieldCount() {
        final List<String> lines = List.of(StatCsv.render(SampleSnapshot.build(), true).split("\n"));
        for (final String line : lines.subList(1, lines.size())) {
            // the sample's quoted proxy name holds no comma, so a plain split counts the fields
            assertEquals(129, line.split(",", -1).length, line);
        }
    }

    /** A checked server's status, weight and check_status at HAProxy 2.6's 1-based positions 18, 19 and 37. */
    @Test
    void serverFieldsAtHaproxysPositions() {
        final ServerStats down = new ServerStats("s1", 1, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0, 0,
            SampleSnapshot.traffic(0), 7, 7, 7, PoolStats.empty(1), 7, new ServerChecks(true, false, 0, 2, 3,
            new CheckReport(CheckStatus.L4CON, 3, "Connection refused"), 4, 1, 5, false));
        final String[] f = StatCsv.render(SampleSnapshot.with(down), true).split("\n")[1].split(",", -1);
        assertEquals("s1", f[2 - 1]);
        assertEquals("DOWN", f[18 - 1], "status");
        assertEquals("7", f[19 - 1], "weight");
        assertEquals("4", f[22 - 1], "chkfail");
        assertEquals("1", f[23 - 1], "chkdown");
        assertEquals("5", f[25 - 1], "downtime");
        assertEquals("L4CON", f[37 - 1], "check_status");
        assertEquals("3", f[39 - 1], "check_duration");
        assertEquals("Connection refused", f[57 - 1], "last_chk");
        assertEquals("Layer4 connection problem", f[66 - 1], "check_desc");
    }

    @Test
    void rowsForFrontendServersAndBackend() {
        final List<String> lines = List.of(StatCsv.render(SampleSnapshot.build(), true).split("\n"));
        assertEquals(List.of(
            StatCsv.header(),
            "fe,FRONTEND,,,3,9,480,118,11800,118000,0,0,0,,,,,OPEN,,,,,,,,,1,1,0,,,,0,0,0,0,,,,,,,,,,,0,0,42,,,90"
            + "00,2500,700,6,,,,,,,,,,,,,,,,,,,,,tcp,,0,0,120,,0,0,0,,,,,,,,,,,0,,,,,,,,,-,,,,,,,,,,,,,,,,,,,,,,,,,",
            "be,s1,4,7,2,5,100,70,7000,70000,,0,,1,2,3,4,no check,3,1,0,,,61,,10,1,2,1,,70,,2,0,,0,,,,,,,,,,,,,,5"
            + ",6,,,,,-1,,,12,0,0,0,,,,,,,,,,,,10.0.0.1:8080,,tcp,,,,,,,,0,70,35,,,3,16,30,0,0,0,0,1,2,3,5,3,,,,-,,"
            + ",,,,,,,,,,,,,,,,,,,,,,,",
            "be,s2,0,0,0,1,,10,1000,10000,,0,,1,2,3,4,MAINT,1,1,0,,,5,,,1,2,2,,10,,2,0,,0,,,,,,,,,,,,,,5,6,,,,,-1"
            + ",,,0,0,0,0,,,,,,,,,,,,10.0.0.2:8080,,tcp,,,,,,,,0,10,5,,,0,,0,0,0,0,0,0,0,0,0,1,,,,-,,,,,,,,,,,,,,,,"
            + ",,,,,,,,,",
            "be,s3,0,0,0,0,,0,0,0,,0,,1,2,3,4,DRAIN,0,0,1,,,7,,,1,2,3,,0,,2,0,,0,,,,,,,,,,,,,,5,6,,,,,-1,,,0,0,0,"
            + "0,,,,,,,,,,,,[::1]:8081,,tcp,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,0,1,,,,-,,,,,,,,,,,,,,,,,,,,,,,,,",
            "be,BACKEND,3,9,2,6,48,80,8000,80000,0,0,,1,2,3,4,UP,3,1,0,,2,9,4,,1,2,0,,80,,1,0,,0,,,,,,,,,,,,,,5,6"
            + ",8000,2000,600,5,-1,,,8,0,0,0,,,,,,,,,,,,,,tcp,roundrobin,,,,,,,0,80,40,,,,,25,0,0,0,0,,,,,4,0,0,0,-"
            + ",,,,,,,,,,,,,,,,,,,,,,,,,",
            "\"ad\"\"min\",FRONTEND,,,0,0,480,0,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,3,0,,,,0,0,0,0,,,,,,,,,,,0,0,0,,,0,0"
            + ",0,0,,,,,,,,,,,,,,,,,,,,,tcp,,0,0,0,,0,0,0,,,,,,,,,,,0,,,,,,,,,-,,,,,,,,,,,,,,,,,,,,,,,,,",
            "\"ad\"\"min\",local,0,0,0,0,,0,0,0,,0,,1,2,3,4,no check,1,1,0,,,100,,,1,3,1,,0,,2,0,,0,,,,,,,,,,,,,,"
            + "5,6,,,,,-1,,,0,0,0,0,,,,,,,,,,,,127.0.0.1:9001,,tcp,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,0,1,,,,-,,,,,,"
            + ",,,,,,,,,,,,,,,,,,,",
            "\"ad\"\"min\",BACKEND,0,0,0,0,0,0,0,0,0,0,,1,2,3,4,UP,1,1,0,,0,0,0,,1,3,0,,0,,1,0,,0,,,,,,,,,,,,,,5,"
            + "6,0,0,0,0,-1,,,0,0,0,0,,,,,,,,,,,,,,tcp,first,,,,,,,0,0,0,,,,,0,0,0,0,0,,,,,1,0,0,0,-,,,,,,,,,,,,,,,"
            + ",,,,,,,,,,"), lines);
    }

    @Test
    void withoutLegendsAddressesAndAlgorithmsAreEmpty() {
        final List<String> lines = List.of(StatCsv.render(SampleSnapshot.build(), false).split("\n"));
        assertEquals(
            "be,s1,4,7,2,5,100,70,7000,70000,,0,,1,2,3,4,no check,3,1,0,,,61,,10,1,2,1,,70,,2,0,,0,,,,,,,,,,,,,,5"
            + ",6,,,,,-1,,,12,0,0,0,,,,,,,,,,,,,,tcp,,,,,,,,0,70,35,,,3,16,30,0,0,0,0,1,2,3,5,3,,,,-,,,,,,,,,,,,,,,,,,,"
            + ",,,,,,",
            lines.get(2));
        assertEquals(
            "be,BACKEND,3,9,2,6,48,80,8000,80000,0,0,,1,2,3,4,UP,3,1,0,,2,9,4,,1,2,0,,80,,1,0,,0,,,,,,,,,,,,,,5,6"
            + ",8000,2000,600,5,-1,,,8,0,0,0,,,,,,,,,,,,,,tcp,,,,,,,,0,80,40,,,,,25,0,0,0,0,,,,,4,0,0,0,-,,,,,,,,,,"
            + ",,,,,,,,,,,,,,,",
            lines.get(5));
    }
}
