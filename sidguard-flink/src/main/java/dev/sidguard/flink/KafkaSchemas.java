package dev.sidguard.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka record (de)serialization: the record key is the tenant, the value one event or alert as JSON. */
final class KafkaSchemas {
  private KafkaSchemas() {}

  /** Okta events in; a null key is the "" tenant; tombstones are skipped. */
  static final class Events implements KafkaRecordDeserializationSchema<TenantEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TenantEvent> out) {
      if (record.value() == null) {
        return;
      }
      String tenant = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
      out.collect(new TenantEvent(tenant, new String(record.value(), StandardCharsets.UTF_8)));
    }

    @Override
    public TypeInformation<TenantEvent> getProducedType() {
      return TypeInformation.of(TenantEvent.class);
    }
  }

  /** Alerts out, keyed by tenant, to {@code topic}. */
  static final class Alerts implements KafkaRecordSerializationSchema<TenantAlert> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    Alerts(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TenantAlert alert, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, alert.tenant().getBytes(StandardCharsets.UTF_8),
          alert.json().getBytes(StandardCharsets.UTF_8));
    }
  }
}
