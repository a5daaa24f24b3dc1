package dev.beacon.server.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a command that cannot run ends: one line on stderr that says what is wrong and what to do, no
 * stack trace. A bad setting (an option picocli cannot parse, or a value a config record refuses
 * with an {@link IllegalArgumentException}, or a file it cannot read) exits with {@value
 * #BAD_SETTING}; any other failure exits with {@value #FAILED}, its trace logged at debug level
 * ({@code --log-level DEBUG}).
 *
 * <p>The line names the setting the way the user gave it: the flag when the value came from the
 * command line, the environment variable when it came from there (an option's default is {@code
 * ${env:BEACON_...}}). A bad value in the environment does not stop {@code --help} or {@code
 * --version}.
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  public static final int BAD_SETTING = 2;
  public static final int FAILED = 1;

  private static final Logger log = LoggerFactory.getLogger(CliErrors.class);
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(BEACON_[A-Z0-9_]+)");
  private static final Pattern ENV_NAME = Pattern.compile("\\bBEACON_[A-Z0-9_]+\\b");
  private static final List<String> HELP = List.of("-h", "--help");
  private static final List<String> VERSION = List.of("-V", "--version");

  /** Installs both handlers on {@code commandLine} (and so on its subcommands). */
  public static CommandLine install(CommandLine commandLine) {
    CliErrors errors = new CliErrors();
    return commandLine.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    CommandLine asked = commandNamedIn(args, command);
    if (Arrays.stream(args).anyMatch(HELP::contains)) {
      asked.usage(asked.getOut());
      return 0;
    }
    if (Arrays.stream(args).anyMatch(VERSION::contains)) {
      CommandLine versioned = asked;
      while (versioned.getCommandSpec().version().length == 0 && versioned.getParent() != null) {
        versioned = versioned.getParent();
      }
      versioned.printVersionHelp(versioned.getOut());
      return 0;
    }
    String message = e.getMessage();
    ArgSpec arg = e.getArgSpec();
    if (arg instanceof OptionSpec option && !givenIn(args, option)) {
      Optional<String> env = envVariable(option);
      if (env.isPresent()) {
        message = message.replace("option '" + option.longestName() + "'", env.get());
      }
    }
    command
        .getErr()
        .println(name(command) + ": " + message + "; see '" + name(command) + " --help'");
    command.getErr().flush();
    return BAD_SETTING;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    boolean badSetting = e instanceof IllegalArgumentException || e instanceof UncheckedIOException;
    log.debug("{} failed", name(command), e);
    String message = badSetting ? asGiven(describe(e), command, parsed) : describe(e);
    err.println(name(command) + ": " + (badSetting ? "" : "failed: ") + message);
    err.flush();
    return badSetting ? BAD_SETTING : FAILED;
  }

  /**
   * The message, and the cause's when it adds something (an I/O error's file, a bind's address).
   */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += " (" + cause.getMessage() + ")";
    }
    return message.replace('\n', ' ');
  }

  /**
   * The environment variable an option's default reads ({@code ${env:BEACON_X:-...}}), if any. Read
   * with interpolation off, so the variable's name and not its value.
   */
  public static Optional<String> envVariable(OptionSpec option) {
    CommandSpec spec = option.command();
    boolean interpolate = spec == null || spec.interpolateVariables();
    if (spec != null) {
      spec.interpolateVariables(false);
    }
    try {
      String raw = option.defaultValue();
      Matcher m = ENV_DEFAULT.matcher(raw == null ? "" : raw);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } finally {
      if (spec != null) {
        spec.interpolateVariables(interpolate);
      }
    }
  }

  /**
   * A config record's message names environment variables; each one whose option was given as a
   * flag is replaced by that flag, so {@code --port=70000} is not reported as {@code
   * BEACON_GATEWAY_PORT}.
   */
  static String asGiven(String message, CommandLine command, ParseResult parsed) {
    List<OptionSpec> given = new ArrayList<>();
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      given.addAll(level.matchedOptions());
    }
    Matcher m = ENV_NAME.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String env = m.group();
      String replacement =
          given.stream()
              .filter(o -> envVariable(o).filter(env::equals).isPresent())
              .map(OptionSpec::longestName)
              .findFirst()
              .orElse(env);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean givenIn(String[] args, OptionSpec option) {
    return Arrays.stream(args)
        .anyMatch(
            arg ->
                Arrays.stream(option.names())
                    .anyMatch(
                        name ->
                            arg.equals(name)
                                || arg.startsWith(name + "=")
                                || (!name.startsWith("--")
                                    && !arg.startsWith("--")
                                    && arg.startsWith(name))));
  }

  /** The (sub)command {@code args} name, walking down from the root of {@code any}. */
  private static CommandLine commandNamedIn(String[] args, CommandLine any) {
    CommandLine command = any;
    while (command.getParent() != null) {
      command = command.getParent();
    }
    for (String arg : args) {
      CommandLine sub = command.getSubcommands().get(arg);
      if (sub != null) {
        command = sub;
      }
    }
    return command;
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }
}
