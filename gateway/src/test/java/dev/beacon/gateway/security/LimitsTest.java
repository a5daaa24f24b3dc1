package dev.beacon.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Per-connection and per-address limits")
class LimitsTest {

  @Nested
  @DisplayName("TokenBucket")
  class Bucket {

    @Test
    @DisplayName("lets a burst through at once, then one message per 1/rate seconds")
    void burstThenRate() {
      TokenBucket bucket = new TokenBucket(10, 3, 0);
      assertThat(bucket.tryTake(0)).isTrue();
      assertThat(bucket.tryTake(0)).isTrue();
      assertThat(bucket.tryTake(0)).isTrue();
      assertThat(bucket.tryTake(0)).isFalse();
      assertThat(bucket.tryTake(99_000_000)).isFalse();
      assertThat(bucket.tryTake(100_000_000)).isTrue();
      assertThat(bucket.tryTake(10_000_000_000L)).isTrue();
    }

    @Test
    @DisplayName("never refills above the burst")
    void capped() {
      TokenBucket bucket = new TokenBucket(1_000, 2, 0);
      long later = 60_000_000_000L;
      assertThat(bucket.tryTake(later)).isTrue();
      assertThat(bucket.tryTake(later)).isTrue();
      assertThat(bucket.tryTake(later)).isFalse();
    }

    @Test
    @DisplayName("a rate of 0 is no limit")
    void off() {
      TokenBucket bucket = new TokenBucket(0, 0, 0);
      for (int i = 0; i < 10_000; i++) {
        assertThat(bucket.tryTake(0)).isTrue();
      }
    }
  }

  @Nested
  @DisplayName("ConnectionsPerIp")
  class PerIp {

    @Test
    @DisplayName("counts slots per address and gives them back")
    void slots() {
      ConnectionsPerIp perIp = new ConnectionsPerIp(2);
      assertThat(perIp.tryAcquire("10.0.0.1")).isTrue();
      assertThat(perIp.tryAcquire("10.0.0.1")).isTrue();
      assertThat(perIp.tryAcquire("10.0.0.1")).isFalse();
      assertThat(perIp.tryAcquire("10.0.0.2")).isTrue();
      perIp.release("10.0.0.1");
      assertThat(perIp.count("10.0.0.1")).isEqualTo(1);
      assertThat(perIp.tryAcquire("10.0.0.1")).isTrue();
      perIp.release("10.0.0.2");
      assertThat(perIp.count("10.0.0.2")).isZero();
    }
  }

  @Nested
  @DisplayName("ClientAddress")
  class Address {

    final ClientAddress addresses = new ClientAddress(List.of("10.0.0.9", "10.0.0.8"));

    @Test
    @DisplayName(
        "is the peer's address when the peer is not a trusted proxy, whatever X-Forwarded-For says")
    void untrustedPeer() {
      assertThat(
              addresses.of(
                  SocketAddress.inetSocketAddress(5000, "192.0.2.7"), forwarded("1.2.3.4")))
          .isEqualTo("192.0.2.7");
    }

    @Test
    @DisplayName("behind trusted proxies is the right-most forwarded address that is not a proxy")
    void trustedProxy() {
      assertThat(
              addresses.of(
                  SocketAddress.inetSocketAddress(5000, "10.0.0.9"),
                  forwarded("6.6.6.6, 198.51.100.4, 10.0.0.8")))
          .isEqualTo("198.51.100.4");
      assertThat(
              addresses.of(
                  SocketAddress.inetSocketAddress(5000, "10.0.0.9"),
                  MultiMap.caseInsensitiveMultiMap()))
          .isEqualTo("10.0.0.9");
    }

    @Test
    @DisplayName("trusts every proxy in a CIDR range (IPv4 and IPv6) and nothing outside it")
    void cidrRanges() {
      ClientAddress behindNginx = new ClientAddress(List.of("172.28.0.0/16", "fd00::/8"));
      assertThat(
              behindNginx.of(
                  SocketAddress.inetSocketAddress(5000, "172.28.3.4"),
                  forwarded("203.0.113.9, 172.28.0.2")))
          .isEqualTo("203.0.113.9");
      assertThat(
              behindNginx.of(
                  SocketAddress.inetSocketAddress(5000, "fd12::7"), forwarded("2001:db8::1")))
          .as("in one spelling, so that 2001:db8:0::1 counts against the same address")
          .isEqualTo("2001:db8:0:0:0:0:0:1");
      assertThat(
              behindNginx.of(
                  SocketAddress.inetSocketAddress(5000, "172.29.0.1"), forwarded("203.0.113.9")))
          .as("outside the range")
          .isEqualTo("172.29.0.1");
      assertThat(
              behindNginx.of(
                  SocketAddress.inetSocketAddress(5000, "172.28.3.4"),
                  forwarded("not-an-ip, 172.28.0.9")))
          .as("a hop that is not an address ends the walk at the last proxy")
          .isEqualTo("172.28.0.9");
    }

    @Test
    @DisplayName(
        "parses hops as IP literals only: names, even of hex letters and dots, are not addresses (no DNS)")
    void hopsWithoutDns() {
      for (String name :
          new String[] {
            "deadbeef.example",
            "cafe.babe",
            "dead.beef.cafe",
            "localhost",
            "a.b.c.d",
            "10.0.0.1.example",
            "[::1]x",
            "unknown"
          }) {
        assertThat(IpLiteral.parse(name)).as(name).isNull();
      }
      assertThat(IpLiteral.parse("10.0.0.1").getHostAddress()).isEqualTo("10.0.0.1");
      assertThat(IpLiteral.parse("::1").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
      ClientAddress behindProxy = new ClientAddress(List.of("10.0.0.9"));
      assertThat(
              behindProxy.of(
                  SocketAddress.inetSocketAddress(5000, "10.0.0.9"), forwarded("deadbeef.example")))
          .as("counted against the proxy, not a name")
          .isEqualTo("10.0.0.9");
      assertThat(
              behindProxy.of(
                  SocketAddress.inetSocketAddress(5000, "10.0.0.9"),
                  forwarded("cafe.babe, 192.0.2.1")))
          .isEqualTo("192.0.2.1");
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> new TrustedProxies(List.of("cafe.babe")));
      assertThat(new TrustedProxies(List.of("10.0.0.0/8")).trusts("dead.beef")).isFalse();
    }

    @Test
    @DisplayName("refuses entries that are neither addresses nor CIDR ranges, host names included")
    void invalidEntries() {
      for (String bad :
          new String[] {"lb.example.com", "10.0.0.0/33", "10.0.0.1/", "::1/129", "10.0.0.0/8/1"}) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(
                () ->
                    SecurityConfig.builder()
                        .maxConnectionsPerIp(10)
                        .trustedProxies(List.of(bad))
                        .build())
            .withMessageContaining("BEACON_TRUSTED_PROXIES entry '" + bad + "'");
      }
    }

    private MultiMap forwarded(String value) {
      return MultiMap.caseInsensitiveMultiMap().add(ClientAddress.FORWARDED_FOR, value);
    }
  }
}
