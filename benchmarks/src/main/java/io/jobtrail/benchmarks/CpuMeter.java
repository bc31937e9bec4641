package io.jobtrail.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by the benchmark's PostgreSQL (the postmaster and every process it
 * started: backends, WAL writer, checkpointer), from {@code /proc}. CPU per event is a fairer
 * figure than events per second on a machine that others share: a busy neighbour takes cores away,
 * not CPU time per event.
 */
final class CpuMeter {

  /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private final long postmasterPid;

  /**
   * @param dataDirectory the PostgreSQL data directory, whose {@code postmaster.pid} names it
   */
  CpuMeter(Path dataDirectory) throws IOException {
    this.postmasterPid =
        Long.parseLong(
            Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
  }

  /** CPU seconds so far: this JVM's and PostgreSQL's. */
  record Sample(double jvmSeconds, double postgresSeconds) {
    Sample minus(Sample earlier) {
      return new Sample(jvmSeconds - earlier.jvmSeconds, postgresSeconds - earlier.postgresSeconds);
    }
  }

  Sample sample() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Sample(os.getProcessCpuTime() / 1e9, postgresTicks() / TICKS_PER_SECOND);
  }

  /** utime + stime of the postmaster and its children (processes that ended are not counted). */
  private long postgresTicks() {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(this::ticksIfPostgres)
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private long ticksIfPostgres(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long pid = Long.parseLong(process.getFileName().toString());
      long parent = Long.parseLong(f[1]);
      if (pid != postmasterPid && parent != postmasterPid) {
        return 0;
      }
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
