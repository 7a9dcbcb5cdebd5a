package io.luxtensor.storage.tck;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the child JVMs of the checks that must survive what a test JVM cannot: a SIGKILL in the
 * middle of a write, an engine that crashes the process or never returns. The child runs on the same
 * JDK and classpath as this JVM, with the same module opens (engines such as LMDB need them), and
 * writes its stderr to a file the caller names, so that a failure can quote it.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** Starts {@code main} with {@code args}; the caller owns the process and destroys it. */
  static Process start(Class<?> main, List<String> args, Path stderr) throws IOException {
    return new ProcessBuilder(command(main, args, stderr)).redirectError(stderr.toFile()).start();
  }

  /**
   * As {@link #start(Class, List, Path)}, with stdout in a file too: for a child that is killed, whose
   * every printed line must still be read. (Reading a killed child's stdout pipe races with the JDK,
   * which drains and closes the pipe when the process exits: lines in flight can be lost.)
   */
  static Process start(Class<?> main, List<String> args, Path stdout, Path stderr) throws IOException {
    return new ProcessBuilder(command(main, args, stderr)).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
  }

  private static List<String> command(Class<?> main, List<String> args, Path stderr) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < jvmArgs.size(); i++) {
      String arg = jvmArgs.get(i);
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
        if (!arg.contains("=") && i + 1 < jvmArgs.size()) {
          command.add(jvmArgs.get(++i));
        }
      }
    }
    command.add("-Xmx256m");
    // A JVM crash report goes beside the stderr file, where a failure can quote it, not into the build's directory.
    command.add("-XX:ErrorFile=" + crashReport(stderr));
    // A short-lived child gains nothing from the optimizing compiler or a parallel collector, and starts faster without them.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /** Where the JVM writing its stderr to {@code stderr} writes its report if it crashes. */
  static Path crashReport(Path stderr) {
    return stderr.resolveSibling(stderr.getFileName() + ".hs_err");
  }

  /** The contract test class named in a child's arguments, instantiated as the parent did. */
  static ContractFixture fixture(String className) throws ReflectiveOperationException {
    var constructor = Class.forName(className).getDeclaredConstructor();
    constructor.setAccessible(true);
    return (ContractFixture) constructor.newInstance();
  }
}
