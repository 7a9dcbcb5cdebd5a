package io.luxtensor.storage.cli;

import io.luxtensor.storage.StorageConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose an engine and a store location, shared by the subcommands that open a store. */
final class EngineOptions {

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME",
      description = "Engine to use (rocksdb, lmdb, mapdb, memory). Default: the highest-priority engine on the classpath.")
  String engine;

  @Option(names = {"-p", "--path"}, paramLabel = "DIR",
      description = "Store directory. Default: a temporary store, deleted on exit.")
  Path path;

  StorageConfig.Builder configBuilder() {
    StorageConfig.Builder builder = StorageConfig.builder();
    if (engine != null) {
      builder.engine(engine);
    }
    if (path != null) {
      builder.path(path);
    }
    return builder;
  }
}
