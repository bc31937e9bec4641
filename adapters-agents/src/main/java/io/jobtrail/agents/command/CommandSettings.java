package io.jobtrail.agents.command;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.agents.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The command agent's settings for one role.
 *
 * @param command the executable (an absolute path) and its arguments; no shell is involved
 * @param env variables added to the instance's environment
 * @param workingDir where it runs (the instance's working directory when absent)
 * @param fatalExitCodes exit statuses that mean "retrying cannot help" (others are retried)
 */
record CommandSettings(
    List<String> command,
    Map<String, String> env,
    @Nullable Path workingDir,
    Set<Integer> fatalExitCodes) {

  static CommandSettings of(Map<String, Object> settings, CommandPolicy policy) {
    var reader = new SettingsReader(settings);
    List<String> command = command(reader);
    if (!policy.allowsExecutable(command.getFirst())) {
      throw new InvalidSettings(
          command.getFirst()
              + " is not an allowed executable on this instance (see the command agent's"
              + " allowed executables in the configuration)");
    }
    return new CommandSettings(
        command, env(reader, policy), workingDir(reader), fatalExitCodes(reader));
  }

  private static List<String> command(SettingsReader reader) {
    List<?> raw = reader.list("command");
    if (raw.isEmpty()) {
      throw new InvalidSettings(
          "command must be a list: the executable's absolute path, then its arguments");
    }
    var command = new ArrayList<String>(raw.size());
    for (Object part : raw) {
      if (!(part instanceof String s)) {
        throw new InvalidSettings("command must be a list of strings");
      }
      command.add(s);
    }
    if (!Path.of(command.getFirst()).isAbsolute()) {
      throw new InvalidSettings("the executable must be an absolute path: " + command.getFirst());
    }
    return List.copyOf(command);
  }

  private static Map<String, String> env(SettingsReader reader, CommandPolicy policy) {
    var env = new LinkedHashMap<String, String>();
    reader
        .object("env")
        .forEach(
            (name, value) -> {
              if (!policy.allowsEnvironmentVariable(name)) {
                throw new InvalidSettings("env may not set " + name);
              }
              if (!(value instanceof String s)) {
                throw new InvalidSettings("env values must be strings: " + name);
              }
              env.put(name, s);
            });
    return env;
  }

  private static @Nullable Path workingDir(SettingsReader reader) {
    String dir = reader.string("workingDir");
    if (dir == null) {
      return null;
    }
    Path path = Path.of(dir);
    if (!Files.isDirectory(path)) {
      throw new InvalidSettings("workingDir is not a directory: " + dir);
    }
    return path;
  }

  private static Set<Integer> fatalExitCodes(SettingsReader reader) {
    var codes = new TreeSet<Integer>();
    for (Object code : reader.list("fatalExitCodes")) {
      if (!(code instanceof Number n) || n.intValue() < 1 || n.intValue() > 255) {
        throw new InvalidSettings("fatalExitCodes must be exit statuses from 1 to 255");
      }
      codes.add(n.intValue());
    }
    return Set.copyOf(codes);
  }
}
