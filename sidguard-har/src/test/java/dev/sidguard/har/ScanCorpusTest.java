package dev.sidguard.har;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real-world HAR in ../shared/corpus/har: scan reports exactly what sanitize redacts, and a scan of
 * the sanitized output finds nothing at or above live. The Chrome export's Google session cookies and the
 * chrome-har export's 2018 JWTs are reported, the JWTs as not live.
 */
class ScanCorpusTest {

  private static Path corpus() {
    Path dir = HarCorpusTest.corpus();
    Assumptions.assumeTrue(Files.isDirectory(dir), "HAR corpus not found at " + dir + ", skipping corpus tests");
    return dir;
  }

  @TestFactory
  Stream<DynamicTest> scan_corpusFile_matchesSanitize_andSanitizedOutputHasNothingLive() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus())) {
      files = s.filter(p -> p.toString().endsWith(".har")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      byte[] in = Files.readAllBytes(f);
      ScanResult r = Scans.scan(in);
      assertThat(Scans.found(r)).isEqualTo(Scans.redacted(in, Policy.defaults()));

      byte[] sanitized = Hars.sanitize(in, Policy.defaults()).text().getBytes(StandardCharsets.UTF_8);
      ScanResult after = Scans.scan(sanitized);
      assertThat(after.entries()).isEqualTo(r.entries());
      assertThat(after.count(Finding.Live.TRUE)).as("live findings after sanitize").isZero();
      assertThat(Scans.found(after)).as("findings after sanitize").isEmpty();
    }));
  }

  @Test
  void scan_chromeExport_reportsEveryGoogleSessionCookie() throws IOException {
    Path file = corpus().resolve("mitmproxy_mitmproxy_chrome.har");
    Assumptions.assumeTrue(Files.exists(file), "corpus file missing: " + file);
    ScanResult r = Scans.scan(Files.readAllBytes(file));

    Set<String> cookies = r.findings().stream()
        .filter(f -> f.entry() == 2 && f.kind().equals("cookie") && f.location().startsWith("request.cookies["))
        .map(Finding::name).collect(Collectors.toSet());
    assertThat(cookies).contains("SID", "HSID", "SSID", "APISID", "SAPISID", "__Secure-1PSID", "__Secure-3PSIDCC");
    Set<String> inHeader = r.findings().stream()
        .filter(f -> f.entry() == 2 && f.location().startsWith("request.headers[cookie]."))
        .map(Finding::name).collect(Collectors.toSet());
    assertThat(inHeader).containsAll(cookies);
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.location()).isEqualTo("request.headers[x-client-data]"));
    Finding sid = r.findings().stream().filter(f -> f.location().equals("request.cookies[SID]")).findFirst().orElseThrow();
    assertThat(sid.live()).as("SID cookie expired 2024").isEqualTo(Finding.Live.FALSE);
  }

  @Test
  void scan_chromeHarExport_reportsThe2018JwtsAsNotLive() throws IOException {
    Path file = corpus().resolve("sitespeedio_pagexray_304.har");
    Assumptions.assumeTrue(Files.exists(file), "corpus file missing: " + file);
    ScanResult r = Scans.scan(Files.readAllBytes(file), Instant.now());

    List<Finding> jwts = r.findings().stream().filter(f -> f.name().equals("x-csrf-jwt")).toList();
    assertThat(jwts).isNotEmpty();
    assertThat(jwts.stream().map(Finding::fingerprint).distinct().count()).isEqualTo(27);
    assertThat(jwts).allSatisfy(f -> {
      assertThat(f.live()).isEqualTo(Finding.Live.FALSE);
      assertThat(f.expiresAt()).isBefore(Instant.parse("2019-01-01T00:00:00Z"));
    });
  }
}
