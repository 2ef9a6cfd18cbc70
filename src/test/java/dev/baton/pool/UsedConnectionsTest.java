package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.FdBudget;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.SelectionKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code currUsedConns} counts the shared connections in use: each is counted once when it starts being used
 * and uncounted once however it stops (parked, closed, made private), so the keep rule and the purge see the
 * real need.
 */
class UsedConnectionsTest {
    private PoolRig rig;

    @BeforeEach
    void start() throws IOException {
        rig = new PoolRig(1, 1, PoolOptions.DEFAULT, new FdBudget(1000), IdlePoolTuning.DEFAULT, new CachedNanoClock());
    }

    @AfterEach
    void close() throws IOException {
        rig.close();
        assertEquals(0, rig.fds.open());
    }

    @Test
    void aConnectionMadePrivateStopsCountingOnce() {
        final ServerConnection c = rig.open(0, 0);
        assertEquals(1, rig.pool(0).currUsedConns());
        c.makePrivate(); // NTLM: the connection now belongs to its client session
        assertEquals(0, rig.pool(0).currUsedConns());
        assertFalse(rig.pools[0].offerIdle(c, false), "a private connection is never pooled");
        rig.pools[0].closeUsed(c, false);
        assertEquals(0, rig.pool(0).currUsedConns());
    }

    @Test
    void aConnectionPrivateFromTheStartIsNeverCounted() throws IOException {
        final ServerConnection c = new ServerConnection(rig.servers[0], rig.pool(0),
            new SocketEndpoint(rig.connect(0), rig.fds, null), rig.pools[0]);
        c.register(rig.pools[0], SelectionKey.OP_READ);
        c.makePrivate(); // http-reuse never
        rig.pools[0].countNew(c);
        assertEquals(0, rig.pool(0).currUsedConns());
        rig.pools[0].closeUsed(c, true);
        assertEquals(0, rig.pool(0).currUsedConns());
    }

    @Test
    void parkedAndTakenAgainCountsOncePerUse() {
        final ServerConnection c = rig.open(0, 0);
        rig.park(c, 1);
        assertEquals(0, rig.pool(0).currUsedConns());
        rig.pools[0].closeUsed(rig.pools[0].takeIdle(rig.servers[0], false), false);
        assertEquals(0, rig.pool(0).currUsedConns());
        assertEquals(0, rig.pool(0).currIdleConns());
    }
}
