package io.jobtrail.agents.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What jobs may run, set by whoever runs the instance. A job's settings name the executable, so
 * without this anyone allowed to create a job could run any program on the server. An executable is
 * allowed when it is one of {@code allowed}, or lies under one of them that is a directory (ending
 * in {@code /}). Jobs may add environment variables, except those that make a loader or an
 * interpreter run other code.
 */
public record CommandPolicy(List<String> allowed, boolean allowAny) {

  /** Runs nothing: the command agent refuses every call until executables are allowed. */
  public static final CommandPolicy NONE = new CommandPolicy(List.of(), false);

  /** Runs anything. Only for a machine where every job author may run any program anyway. */
  public static final CommandPolicy ANY = new CommandPolicy(List.of(), true);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Set<String> FORBIDDEN_ENV =
      Set.of(
          "PATH",
          "IFS",
          "ENV",
          "BASH_ENV",
          "SHELLOPTS",
          "BASHOPTS",
          "PS4",
          "PROMPT_COMMAND",
          "CLASSPATH",
          "JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "NODE_OPTIONS",
          "NODE_PATH",
          "PYTHONPATH",
          "PYTHONHOME",
          "PYTHONSTARTUP",
          "PERL5LIB",
          "PERL5OPT",
          "PERLLIB",
          "RUBYLIB",
          "RUBYOPT",
          "GIT_SSH_COMMAND",
          "GCONV_PATH");
  private static final List<String> FORBIDDEN_ENV_PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_");

  public CommandPolicy {
    allowed = List.copyOf(allowed);
  }

  public static CommandPolicy allowing(List<String> allowed) {
    return new CommandPolicy(allowed, false);
  }

  boolean allowsExecutable(String executable) {
    if (allowAny) {
      return true;
    }
    Path path = Path.of(executable).normalize();
    if (!path.isAbsolute()) {
      return false;
    }
    for (String entry : allowed) {
      if (entry.endsWith("/")
          ? path.startsWith(Path.of(entry).normalize())
          : path.equals(Path.of(entry).normalize())) {
        return true;
      }
    }
    return false;
  }

  boolean allowsEnvironmentVariable(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      return false;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    return !FORBIDDEN_ENV.contains(upper)
        && FORBIDDEN_ENV_PREFIXES.stream().noneMatch(upper::startsWith);
  }
}
