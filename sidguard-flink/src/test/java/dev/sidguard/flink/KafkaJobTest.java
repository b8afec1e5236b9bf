package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own main against a real in-process Kafka (KRaft, one combined node on 127.0.0.1):
 * two tenants (Kafka record keys) send the same simulated log; each gets exactly the alerts the
 * embedded engine raises on that log, so their state never mixes.
 */
class KafkaJobTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = Flink.cluster();
  private static final List<String> TENANTS = List.of("acme", "globex");
  private static KafkaClusterTestKit kafka;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0")
        .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void twoTenantsOnKafka_boundedRun_eachGetsTheEmbeddedEnginesAlerts() throws Exception {
    assertThat(servers()).matches("127\\.0\\.0\\.1:[0-9]+");
    SimTenant tenant = SimTenant.of(200, 5, 3);
    List<String> expected = tenant.embeddedAlerts();
    assertThat(expected).isNotEmpty();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
      admin.createTopics(List.of(new NewTopic("okta-events", 2, (short) 1), new NewTopic("sidguard-alerts", 1,
          (short) 1))).all().get();
    }
    List<String> events = Files.readAllLines(tenant.events(), StandardCharsets.UTF_8);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
      for (String e : events) {
        for (String t : TENANTS) {
          producer.send(new ProducerRecord<>("okta-events", t, e));
        }
      }
    }
    Path config = tmp.resolve("config.yaml");
    Files.writeString(config, tenant.configYaml());
    Path watchlist = tmp.resolve("watchlist.jsonl");
    Files.writeString(watchlist, tenant.watchlistJsonl());

    DetectJob.run(DetectJob.options(new String[] {
        "--bootstrap-servers", servers(), "--input-topic", "okta-events",
        "--output-topic", "sidguard-alerts", "--starting-offsets", "earliest", "--bounded",
        "--config", config.toString(), "--watchlist", watchlist.toString(),
        "--observed-since", java.time.Instant.ofEpochMilli(SimTenant.earliest(tenant.events())).toString(),
        "--parallelism", "2"}));

    Map<String, List<String>> byTenant = consumeAll("sidguard-alerts");
    assertThat(byTenant.keySet()).containsExactlyInAnyOrderElementsOf(TENANTS);
    for (String t : TENANTS) {
      assertThat(byTenant.get(t)).as(t).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /** The broker's listener (bound to 127.0.0.1; the test kit names it "localhost"). */
  private static String servers() {
    return kafka.bootstrapServers().replace("localhost", "127.0.0.1");
  }

  private static Properties producerConfig() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 18);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return p;
  }

  /** Every record of the (single-partition) topic, grouped by key. */
  private static Map<String, List<String>> consumeAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<String, List<String>> out = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(5))) {
          out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
      }
    }
    return out;
  }
}
