package dev.sidguard.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/*
 * Alert lines into one local file, for run-local (parallelism 1: the job sets it). Written to a
 * temporary file beside the target and renamed over it when the input ends, so a failed run
 * leaves no partial output. Not for clusters: it has no checkpoint integration.
 */
final class LocalFileSink implements Sink<TenantAlert> {
  private static final long serialVersionUID = 1L;
  private final String target;

  LocalFileSink(Path target) {
    this.target = target.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<TenantAlert> createWriter(WriterInitContext context) throws IOException {
    Path out = Path.of(target);
    Path tmp = Files.createTempFile(out.getParent(), "." + out.getFileName() + ".", ".tmp");
    BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
    return new SinkWriter<>() {
      private boolean ended;

      @Override
      public void write(TenantAlert alert, Context ctx) throws IOException {
        w.write(alert.json());
        w.write('\n');
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        w.flush();
        ended |= endOfInput;
      }

      @Override
      public void close() throws IOException {
        w.close();
        if (ended) {
          Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.deleteIfExists(tmp);
        }
      }
    };
  }
}
