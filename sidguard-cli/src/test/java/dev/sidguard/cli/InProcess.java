package dev.sidguard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in this process, capturing exit code, standard output and standard error. */
record InProcess(int code, String out, String err) {
  static InProcess run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cli = Sidguard.commandLine();
    cli.setOut(new PrintWriter(o));
    cli.setErr(new PrintWriter(e));
    int code = cli.execute(args);
    return new InProcess(code, o.toString(), e.toString());
  }
}
