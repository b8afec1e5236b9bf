package dev.sidguard.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Records that cross operators are Flink POJO types (field-named serialization), never Kryo generic types. */
class WireTypesTest {
  @Test
  void recordsBetweenOperators_arePojoTypes() {
    assertThat(TypeInformation.of(TenantEvent.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(KeyedEvent.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(TenantAlert.class)).isInstanceOf(PojoTypeInfo.class);
  }
}
