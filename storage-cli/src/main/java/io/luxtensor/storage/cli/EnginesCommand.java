package io.luxtensor.storage.cli;

import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.StorageEngines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the engines on the classpath. */
@Command(name = "engines", description = "List the storage engines on the classpath, highest priority first.")
final class EnginesCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Object> list = new ArrayList<>();
      for (EngineInfo info : StorageEngines.available()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", info.name());
        o.put("version", info.version());
        o.put("priority", info.priority());
        o.put("maxKeySize", info.maxKeySize());
        o.put("capabilities", info.capabilities().stream().map(Enum::name).sorted().toList());
        list.add(o);
      }
      out.println(Json.write(list));
    } else {
      out.printf("%-8s %-14s %8s %12s  %s%n", "engine", "version", "priority", "max key", "capabilities");
      for (EngineInfo info : StorageEngines.available()) {
        out.printf("%-8s %-14s %8d %12d  %s%n", info.name(), info.version(), info.priority(), info.maxKeySize(),
            info.capabilities().stream().map(Enum::name).sorted().toList());
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
