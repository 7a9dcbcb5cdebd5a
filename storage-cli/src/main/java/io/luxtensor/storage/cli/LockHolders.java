package io.luxtensor.storage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the processes that have files of a store open, by reading {@code /proc} (Linux; elsewhere,
 * and for processes of other users, it finds nothing). An engine's lock error only says that the
 * store is locked; this says by whom. Stateless.
 */
final class LockHolders {

  private LockHolders() {}

  /** "pid 123 (java -jar ...)" for each process with a file under {@code store} open; may be empty. */
  static List<String> of(Path store) {
    Path target = store.toAbsolutePath().normalize();
    try {
      target = target.toRealPath();
    } catch (IOException e) {
      // keep the normalised path: a missing store has no holders to find anyway
    }
    List<String> holders = new ArrayList<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return holders;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        if (holdsFileUnder(pid, target)) {
          long id = Long.parseLong(pid.getFileName().toString());
          String who = id == ProcessHandle.current().pid() ? "this luxdb process" : commandLine(pid);
          holders.add("pid " + id + " (" + who + ")");
        }
      }
    } catch (IOException e) {
      return holders; // /proc unreadable: nothing to name
    }
    return holders;
  }

  private static boolean holdsFileUnder(Path pid, Path target) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).startsWith(target)) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // the descriptor closed while we looked, or is not a link: not a holder
        }
      }
    } catch (IOException e) {
      return false; // another user's process, or it exited
    }
    return false;
  }

  private static String commandLine(Path pid) {
    try {
      String cmd = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
      return cmd.length() > 160 ? cmd.substring(0, 157) + "..." : cmd;
    } catch (IOException e) {
      return "command line unreadable";
    }
  }
}
