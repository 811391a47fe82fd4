package io.memorymanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeavyOperationsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final HeavyOperations heavy = new HeavyOperations(now::get);

    @Test
    void everySpellingOfAHeavyOperationIsHeavy() {
        assertThat(HeavyOperations.isHeavy("forceGc")).isTrue();
        assertThat(HeavyOperations.isHeavy("forceGc()")).isTrue();
        assertThat(HeavyOperations.isHeavy("classHistogram(int)")).isTrue();
        assertThat(HeavyOperations.isHeavy("sampleNow")).isFalse();
        assertThat(HeavyOperations.isHeavy(null)).isFalse();
    }

    @Test
    void allLoopbackAddressesShareOneBudgetAndItRefillsAfterAMinute() throws Exception {
        for (int i = 0; i < HeavyOperations.PER_CLIENT_PER_MINUTE; i++) {
            assertThat(heavy.admit(InetAddress.getByName("127.0.1." + (i + 1)))).isNull();
        }
        assertThat(heavy.admit(InetAddress.getByName("127.9.9.9"))).contains("from this client");
        assertThat(heavy.admit(InetAddress.getByName("::1"))).contains("from this client");
        now.addAndGet(60_001);
        assertThat(heavy.admit(InetAddress.getLoopbackAddress())).isNull();
    }

    @Test
    void manyAddressesTogetherStopAtTheGlobalBudget() throws Exception {
        int admitted = 0;
        String refusal = null;
        for (int i = 0; i < 100 && refusal == null; i++) {
            refusal = heavy.admit(InetAddress.getByName("10.0." + i + ".1"));
            admitted += refusal == null ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(HeavyOperations.ALL_PER_MINUTE);
        assertThat(refusal).contains("from all clients together");
    }

    @Test
    void anIpv6ClientIsItsSlash64() throws Exception {
        for (int i = 0; i < HeavyOperations.PER_CLIENT_PER_MINUTE; i++) {
            assertThat(heavy.admit(InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1)))).isNull();
        }
        assertThat(heavy.admit(InetAddress.getByName("2001:db8:1:2:ffff::9"))).contains("from this client");
        assertThat(heavy.admit(InetAddress.getByName("2001:db8:1:3::1"))).isNull();
    }
}
