package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Flink job and the embedded engine, on the same simulated tenant, raise exactly the same alerts. */
class ParityTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = Flink.cluster();
  private static List<String> embedded;

  private static synchronized List<String> embedded(SimTenant tenant) {
    if (embedded == null) {
      embedded = tenant.embeddedAlerts();
    }
    return embedded;
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void simulatedTenantOver100kEvents_flinkJob_emitsExactlyTheEmbeddedEnginesAlerts(int parallelism) throws Exception {
    SimTenant tenant = SimTenant.of(800, 7, 7);
    assertThat(tenant.count()).isGreaterThanOrEqualTo(100_000);
    List<String> expected = embedded(tenant);
    assertThat(expected).as("the tenant's planted attacks raise alerts").hasSizeGreaterThanOrEqualTo(10);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    List<TenantAlert> got = Flink.collect(DetectJob.alerts(env, DetectJob.fileSource(tenant.events()),
        tenant.settings(SimTenant.earliest(tenant.events()))));

    assertThat(got).extracting(TenantAlert::id)
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(ParityTest::id).toList());
    assertThat(got).extracting(TenantAlert::json).containsExactlyInAnyOrderElementsOf(expected);
  }

  static String id(String alertLine) {
    int start = alertLine.indexOf("\"id\":\"") + 6;
    return alertLine.substring(start, alertLine.indexOf('"', start));
  }
}
