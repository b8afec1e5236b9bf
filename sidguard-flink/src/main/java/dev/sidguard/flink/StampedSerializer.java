package dev.sidguard.flink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.jspecify.annotations.Nullable;

/*
 * Flink serializer for the rules' state values: the expiry as a long, then the value as Jackson
 * JSON (length-prefixed). Rule state values are small immutable records that Jackson writes and
 * reads by property name (the embedded engine's checkpoints rely on the same), so a record that
 * gains a field still reads old state; Kryo's field-by-field layout would not. Values are
 * immutable, so copies share them; the heap state backend therefore never serializes on access,
 * only for checkpoints (RocksDB serializes on every access).
 */
final class StampedSerializer<V> extends TypeSerializer<Stamped<V>> {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final long serialVersionUID = 1L;
  private final Class<V> type;

  StampedSerializer(Class<V> type) {
    this.type = type;
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<Stamped<V>> duplicate() {
    return this;
  }

  @Override
  public Stamped<V> createInstance() {
    throw new UnsupportedOperationException("state values have no empty instance");
  }

  @Override
  public Stamped<V> copy(Stamped<V> from) {
    return from;
  }

  @Override
  public Stamped<V> copy(Stamped<V> from, Stamped<V> reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Stamped<V> record, DataOutputView target) throws IOException {
    target.writeLong(record.expiresAt());
    byte[] json = MAPPER.writeValueAsBytes(record.value());
    target.writeInt(json.length);
    target.write(json);
  }

  @Override
  public Stamped<V> deserialize(DataInputView source) throws IOException {
    long expiresAt = source.readLong();
    byte[] json = new byte[source.readInt()];
    source.readFully(json);
    return new Stamped<>(expiresAt, MAPPER.readValue(json, type));
  }

  @Override
  public Stamped<V> deserialize(Stamped<V> reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeLong(source.readLong());
    int n = source.readInt();
    target.writeInt(n);
    target.write(source, n);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StampedSerializer<?> s && s.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<Stamped<V>> snapshotConfiguration() {
    return new Snapshot<>(type);
  }

  /** Remembers the value class; any later version of it reads the JSON by property name. */
  public static final class Snapshot<V> implements TypeSerializerSnapshot<Stamped<V>> {
    private @Nullable Class<V> type;

    /** For Flink's reflective restore. */
    public Snapshot() {}

    Snapshot(Class<V> type) {
      this.type = type;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(type().getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) throws IOException {
      String name = in.readUTF();
      try {
        type = (Class<V>) Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw new IOException("state value class " + name + " is not on the class path", e);
      }
    }

    @Override
    public TypeSerializer<Stamped<V>> restoreSerializer() {
      return new StampedSerializer<>(type());
    }

    @Override
    public TypeSerializerSchemaCompatibility<Stamped<V>> resolveSchemaCompatibility(
        TypeSerializerSnapshot<Stamped<V>> oldSnapshot) {
      return oldSnapshot instanceof Snapshot<V> old && old.type().getName().equals(type().getName())
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }

    private Class<V> type() {
      Class<V> t = type;
      if (t == null) {
        throw new IllegalStateException("snapshot not read");
      }
      return t;
    }
  }
}
