package io.jobtrail.persistence.embedded;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clears what a previous, killed run left in a data directory before zonky starts PostgreSQL.
 *
 * <p>If the JVM that owned the server was killed, its postmaster keeps running (pg_ctl detaches it)
 * and holds the data directory, so the next start fails. A {@code postmaster.pid} naming a live
 * process that is not PostgreSQL (the pid was reused, common in containers) also makes PostgreSQL
 * refuse to start. A pid file naming a process that is gone is left alone: PostgreSQL handles that
 * case itself and also checks for surviving backends.
 *
 * <p>Nothing is touched while another live process holds zonky's lock on the directory; that is a
 * server in use, not a leftover.
 */
final class StalePostmaster {

  /** zonky's lock file in the data directory, held by the JVM that runs the server. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private static final String PID_FILE = "postmaster.pid";
  private static final long SHUTDOWN_WAIT_SECONDS = 30;
  private static final System.Logger LOG = System.getLogger(StalePostmaster.class.getName());

  private StalePostmaster() {}

  static void clear(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve(PID_FILE);
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(
                dataDirectory.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IOException(
            "PostgreSQL data directory " + dataDirectory + " is in use by another process");
      }
      clearUnderLock(dataDirectory, pidFile);
    } catch (OverlappingFileLockException e) {
      throw new IOException(
          "PostgreSQL data directory " + dataDirectory + " is already in use in this JVM", e);
    }
  }

  private static void clearUnderLock(Path dataDirectory, Path pidFile) throws IOException {
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      LOG.log(Level.WARNING, "Removing unreadable {0}", pidFile);
      Files.deleteIfExists(pidFile);
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    Optional<String[]> arguments = process.get().info().arguments();
    if (arguments.isEmpty()) {
      throw new IOException(
          pidFile
              + " names running process "
              + pid.get()
              + ", which cannot be inspected; stop it or remove the file if it is not PostgreSQL");
    }
    if (isPostmasterOf(process.get(), arguments.get(), dataDirectory)) {
      LOG.log(
          Level.WARNING,
          "Stopping PostgreSQL (pid {0}) left running on {1} by a previous run",
          pid.get().toString(),
          dataDirectory);
      stop(process.get());
    } else {
      LOG.log(
          Level.WARNING,
          "Removing stale {0}: pid {1} now belongs to another program",
          pidFile,
          pid.get().toString());
      Files.deleteIfExists(pidFile);
    }
  }

  private static Optional<Long> readPid(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(lines.getFirst().strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostmasterOf(
      ProcessHandle process, String[] arguments, Path dataDirectory) {
    boolean postgres =
        process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    for (int i = 0; postgres && i + 1 < arguments.length; i++) {
      if (arguments[i].equals("-D")
          && Path.of(arguments[i + 1]).toAbsolutePath().normalize().equals(dataDirectory)) {
        return true;
      }
    }
    return false;
  }

  /** SIGTERM (smart shutdown: no clients are left once their JVM is gone), then SIGKILL. */
  private static void stop(ProcessHandle postmaster) throws IOException {
    postmaster.destroy();
    if (awaitExit(postmaster)) {
      return;
    }
    LOG.log(
        Level.WARNING,
        "PostgreSQL (pid {0}) ignored SIGTERM; killing it",
        Long.toString(postmaster.pid()));
    postmaster.destroyForcibly();
    if (!awaitExit(postmaster)) {
      throw new IOException("Could not stop PostgreSQL process " + postmaster.pid());
    }
  }

  private static boolean awaitExit(ProcessHandle process) throws IOException {
    try {
      process.onExit().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IOException("Waiting for process " + process.pid() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping process " + process.pid(), e);
    }
  }
}
