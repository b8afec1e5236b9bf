package dev.sidguard.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.jspecify.annotations.Nullable;

/** Reads an NDJSON file of Okta events for the file source, one event per non-blank line, all of one tenant. */
final class NdjsonFormat extends SimpleStreamFormat<TenantEvent> {
  private static final long serialVersionUID = 1L;
  private final String tenant;

  NdjsonFormat(String tenant) {
    this.tenant = tenant;
  }

  @Override
  public StreamFormat.Reader<TenantEvent> createReader(Configuration config, FSDataInputStream stream) {
    BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
    return new StreamFormat.Reader<>() {
      @Override
      public @Nullable TenantEvent read() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            return new TenantEvent(tenant, line);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }

  @Override
  public TypeInformation<TenantEvent> getProducedType() {
    return TypeInformation.of(TenantEvent.class);
  }
}
