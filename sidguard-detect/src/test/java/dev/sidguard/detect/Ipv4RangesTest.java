package dev.sidguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Ipv4RangesTest {
  private static final List<IPAddress> RANGES = List.of(
      block("203.0.113.0/24"), block("10.0.0.0/8"), block("192.0.2.7"), block("2001:db8::/32"));

  @Property(tries = 2000)
  void contains_agreesWithTheIpAddressLibrary_orDefersToIt(@ForAll("addressLike") String ip) {
    int fast = new Ipv4Ranges(RANGES).contains(ip);
    if (fast != Ipv4Ranges.UNKNOWN) {
      assertThat(fast == 1).as(ip).isEqualTo(library(ip));
    }
  }

  @Property(tries = 2000)
  void plainDottedDecimal_isAlwaysDecidedWithoutTheLibrary(@ForAll @IntRange(min = 0, max = 255) int a,
      @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 0, max = 255) int c,
      @ForAll @IntRange(min = 0, max = 255) int d) {
    String ip = a + "." + b + "." + c + "." + d;
    int fast = new Ipv4Ranges(RANGES).contains(ip);
    assertThat(fast).as(ip).isNotEqualTo(Ipv4Ranges.UNKNOWN);
    assertThat(fast == 1).as(ip).isEqualTo(library(ip));
  }

  @Test
  void unusualSpellings_areLeftToTheLibrary() {
    Ipv4Ranges r = new Ipv4Ranges(RANGES);
    for (String ip : List.of("010.0.0.1", "10.1", "10.0.0.1 ", "0x0a.0.0.1", "10.0.0.1/8", "::ffff:10.0.0.1",
        "10..0.1", "256.0.0.1", "1.2.3.4.5")) {
      assertThat(r.contains(ip)).as(ip).isEqualTo(Ipv4Ranges.UNKNOWN);
    }
  }

  @Test
  void nonContiguousRange_turnsTheFastPathOff() {
    Ipv4Ranges r = new Ipv4Ranges(List.of(new IPAddressString("1.2.*.4").getAddress()));
    assertThat(r.contains("1.2.3.4")).isEqualTo(Ipv4Ranges.UNKNOWN);
  }

  @Provide
  Arbitrary<String> addressLike() {
    Arbitrary<String> octet = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
        Arbitraries.strings().withChars("0123456789x ").ofMinLength(0).ofMaxLength(4));
    Arbitrary<String> first = Arbitraries.of("10", "203", "192", "0", "010", "255");
    return Arbitraries.oneOf(
        octet.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts)),
        first.flatMap(f -> octet.list().ofSize(3).map(rest -> f + "." + String.join(".", rest))));
  }

  private static boolean library(String ip) {
    IPAddress a = new IPAddressString(ip).getAddress();
    if (a == null) {
      return false;
    }
    for (IPAddress r : RANGES) {
      if (r.getIPVersion() == a.getIPVersion() && r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static IPAddress block(String cidr) {
    IPAddress a = new IPAddressString(cidr).getAddress();
    return a.isPrefixed() ? a.toPrefixBlock() : a;
  }
}
