package dev.sidguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code sidguard} command: entry point of the command line tool. */
@Command(
    name = "sidguard",
    mixinStandardHelpOptions = true,
    versionProvider = Sidguard.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Stops HAR-borne session replay: scan and sanitize HAR files before they reach a",
      "vendor, and detect stolen-session replay in Okta System Log events.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok, nothing at or above the threshold",
      "  1  findings at or above the threshold",
      "  2  usage or input error",
      "",
      "'-' means standard input or output wherever a file is taken.",
      "Shell completion: source <(sidguard generate-completion)"
    },
    subcommands = {
      SanitizeCommand.class,
      ScanCommand.class,
      DetectCommand.class,
      PollCommand.class,
      ServeCommand.class,
      SimulateCommand.class,
      EvaluateCommand.class,
      DemoCommand.class,
      AutoComplete.GenerateCompletion.class,
    })
public final class Sidguard {

  /** Exit code: nothing at or above the threshold. */
  public static final int OK = 0;
  /** Exit code: findings at or above the threshold. */
  public static final int FINDINGS = 1;
  /** Exit code: bad usage or unreadable input. */
  public static final int INPUT_ERROR = 2;

  private Sidguard() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line in this process and returns its exit code; for tests and the launcher. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Sidguard());
    cli.setExecutionExceptionHandler(Sidguard::handleFailure);
    cli.setParameterExceptionHandler(Sidguard::handleUsageError);
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    return cli;
  }

  /** Every failure becomes one line on stderr and exit code 2; secrets never appear in our messages. */
  private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + oneLine(describe(e)));
    err.flush();
    return INPUT_ERROR;
  }

  private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + oneLine(e.getMessage()));
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return INPUT_ERROR;
  }

  /** A one-line description of a failure, for stderr. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + ": already exists (use --force to overwrite)";
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory; raise the heap with JAVA_OPTS=-Xmx…";
    }
    String message = e.getMessage();
    if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)
        && e.getClass().getPackageName().startsWith("java.")) {
      return "internal error: " + e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Sidguard.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "sidguard " + p.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
