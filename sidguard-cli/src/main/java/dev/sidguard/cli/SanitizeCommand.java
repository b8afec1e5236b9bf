package dev.sidguard.cli;

import dev.sidguard.har.HarSanitizer;
import dev.sidguard.har.Policy;
import dev.sidguard.har.SanitizeReport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sidguard sanitize}: writes a copy of a HAR that is safe to hand to a vendor. */
@Command(
    name = "sanitize",
    header = "Write a copy of a HAR that is safe to share: every credential replaced.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a copy of a HAR file with every credential replaced by a marker.",
      "",
      "Cookies, Authorization headers, credential headers, sensitive query/form/JSON fields,",
      "JWT signatures and known token shapes are replaced by REDACTED-<kind>-<fingerprint>,",
      "where the fingerprint is a keyed hash (random key per run): the same secret gets the",
      "same marker within one file, and nothing can be recovered from it. URLs, statuses,",
      "timings, names, content types and request ids stay, so the file is still useful.",
      ""
    },
    footer = {
      "",
      "The output is written to a temporary file and renamed when complete; on bad input",
      "nothing is written and the exit code is 2. The input is never modified.",
      "Example: sidguard sanitize support-case.har --report counts.json"
    })
final class SanitizeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN.har", description = "HAR file to sanitize, or - for standard input.")
  String input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT.har",
      description = "Where to write the sanitized HAR (- for standard output). "
          + "Default: IN.sanitized.har beside the input; standard output when IN is -.")
  String output;

  @Option(names = "--policy", paramLabel = "default|strict|FILE.yaml", defaultValue = "default",
      description = "Built-in policy name, or a YAML policy file that extends one. Default: ${DEFAULT-VALUE}.")
  String policy;

  @Option(names = "--report", paramLabel = "R.json",
      description = "Also write counts of what was redacted, by kind and location (never values).")
  Path report;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing output and report files.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Policy chosen = Policy.resolve(policy);
    String target = output != null ? output : defaultOutput(input);
    if (!"-".equals(input) && !"-".equals(target) && sameFile(Path.of(input), Path.of(target))) {
      throw new IllegalArgumentException(target + ": output would overwrite the input; choose another -o");
    }
    HarSanitizer sanitizer = HarSanitizer.create(chosen);
    SanitizeReport[] result = new SanitizeReport[1];
    try (InputStream in = open(input)) {
      AtomicOutput.writeToFileOrStdout(target, force, out -> result[0] = sanitizer.sanitize(in, out, displayName(input)));
    }
    if (report != null) {
      AtomicOutput.write(report, force, out -> out.write(result[0].toJson().getBytes(StandardCharsets.UTF_8)));
    }
    spec.commandLine().getErr().println("sanitized " + displayName(input) + " -> "
        + ("-".equals(target) ? "stdout" : target) + " with policy " + chosen.name() + ": " + result[0].summary());
    return Sidguard.OK;
  }

  static String defaultOutput(String input) {
    if ("-".equals(input)) {
      return "-";
    }
    String lower = input.toLowerCase(java.util.Locale.ROOT);
    return (lower.endsWith(".har") ? input.substring(0, input.length() - 4) : input) + ".sanitized.har";
  }

  private static InputStream open(String input) throws IOException {
    return "-".equals(input) ? System.in : new BufferedInputStream(Files.newInputStream(Path.of(input)), 1 << 16);
  }

  private static String displayName(String input) {
    return "-".equals(input) ? "<stdin>" : input;
  }

  private static boolean sameFile(Path a, Path b) throws IOException {
    return Files.exists(b) ? Files.isSameFile(a, b) : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
