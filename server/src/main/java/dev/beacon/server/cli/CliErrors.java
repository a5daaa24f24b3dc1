package dev.beacon.server.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a command that cannot run ends: one line on stderr that says what is wrong and what to do, no stack trace.
 * A bad setting (an option picocli cannot parse, or a value a config record refuses with an
 * {@link IllegalArgumentException}, or a file it cannot read) exits with {@value #BAD_SETTING}; any other failure
 * exits with {@value #FAILED}, its trace logged at debug level ({@code --log-level DEBUG}).
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  public static final int BAD_SETTING = 2;
  public static final int FAILED = 1;

  private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

  /** Installs both handlers on {@code commandLine} (and so on its subcommands). */
  public static CommandLine install(CommandLine commandLine) {
    CliErrors errors = new CliErrors();
    return commandLine.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(name(command) + ": " + e.getMessage() + "; see '" + name(command) + " --help'");
    command.getErr().flush();
    return BAD_SETTING;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    boolean badSetting = e instanceof IllegalArgumentException || e instanceof UncheckedIOException;
    log.debug("{} failed", name(command), e);
    err.println(name(command) + ": " + (badSetting ? "" : "failed: ") + describe(e));
    err.flush();
    return badSetting ? BAD_SETTING : FAILED;
  }

  /** The message, and the cause's when it adds something (an I/O error's file, a bind's address). */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += " (" + cause.getMessage() + ")";
    }
    return message.replace('\n', ' ');
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }
}
