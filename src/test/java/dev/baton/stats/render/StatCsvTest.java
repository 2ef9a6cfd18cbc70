package dev.baton.stats.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatCsvTest {
    @Test
    void headerIsHaproxysColumnsInHaproxysOrder() {
        assertEquals("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,econ,eresp,wretr,wredis,status,weight,act,"
            + "bck,chkfail,chkdown,lastchg,downtime,pid,iid,sid,lbtot,type,check_status,check_code,check_duration,"
            + "hanafail,cli_abrt,srv_abrt,last_chk,last_agt,agent_status,agent_code,agent_duration,check_desc,"
            + "agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,mode,algo,conn_tot,"
            + "connect,reuse,srv_icur,src_ilim,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,",
            StatCsv.header());
    }

    @Test
    void rowsForFrontendServersAndBackend() {
        final List<String> lines = List.of(StatCsv.render(SampleSnapshot.build(), true).split("\n"));
        assertEquals(List.of(
            StatCsv.header(),
            "fe,FRONTEND,,,3,9,480,118,11800,118000,,,,,OPEN,,,,,,,,1,1,0,,0,,,,,,,,,,,,,,,,,,,,,tcp,,120,,,,"
                + ",,,,,,",
            "be,s1,0,0,2,5,100,70,7000,70000,1,2,3,4,no check,3,1,0,,,61,,1,2,1,70,2,,,,,5,6,,,,,,,,,,,,,,"
                + "10.0.0.1:8080,tcp,,,70,35,3,16,1,2,3,5,3,",
            "be,s2,0,0,0,1,,10,1000,10000,1,2,3,4,MAINT,1,1,0,,,5,,1,2,2,10,2,,,,,5,6,,,,,,,,,,,,,,"
                + "10.0.0.2:8080,tcp,,,10,5,0,,0,0,0,0,1,",
            "be,s3,0,0,0,0,,0,0,0,1,2,3,4,DRAIN,0,0,1,,,7,,1,2,3,0,2,,,,,5,6,,,,,,,,,,,,,,[::1]:8081,tcp,,,0,"
                + "0,0,,0,0,0,0,1,",
            "be,BACKEND,0,0,2,6,,80,8000,80000,1,2,3,4,UP,3,1,0,,2,9,4,1,2,0,80,1,,,,,5,6,,,,,,,,,,,,,,,tcp,"
                + "roundrobin,,80,40,,,,,,,4,",
            "\"ad\"\"min\",FRONTEND,,,0,0,480,0,0,0,,,,,OPEN,,,,,,,,1,3,0,,0,,,,,,,,,,,,,,,,,,,,,tcp,,0,,,,,,"
                + ",,,,",
            "\"ad\"\"min\",local,0,0,0,0,,0,0,0,1,2,3,4,no check,1,1,0,,,100,,1,3,1,0,2,,,,,5,6,,,,,,,,,,,,,,"
                + "127.0.0.1:9001,tcp,,,0,0,0,,0,0,0,0,1,",
            "\"ad\"\"min\",BACKEND,0,0,0,0,,0,0,0,1,2,3,4,UP,1,1,0,,0,0,0,1,3,0,0,1,,,,,5,6,,,,,,,,,,,,,,,"
                + "tcp,first,,0,0,,,,,,,1,"), lines);
    }

    @Test
    void withoutLegendsAddressesAndAlgorithmsAreEmpty() {
        final List<String> lines = List.of(StatCsv.render(SampleSnapshot.build(), false).split("\n"));
        assertEquals("be,s1,0,0,2,5,100,70,7000,70000,1,2,3,4,no check,3,1,0,,,61,,1,2,1,70,2,,,,,5,6,,,,,,,,,,,,,,,tcp,"
            + ",,70,35,3,16,1,2,3,5,3,", lines.get(2));
        assertEquals("be,BACKEND,0,0,2,6,,80,8000,80000,1,2,3,4,UP,3,1,0,,2,9,4,1,2,0,80,1,,,,,5,6,,,,,,,,,,,,,,,tcp,,,"
            + "80,40,,,,,,,4,", lines.get(5));
    }
}
