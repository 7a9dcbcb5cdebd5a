package io.luxtensor.storage.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options naming an existing store: its directory and, optionally, its engine (otherwise
 * recognised from the files in the directory, see {@link EngineDetector}). Shared by the commands
 * that work on one store.
 */
final class StoreOptions {

  @Option(names = {"-p", "--path"}, paramLabel = "DIR", required = true, description = "The store's directory.")
  Path path;

  @Option(names = {"-e", "--engine"}, paramLabel = "NAME",
      description = "The store's engine. Default: recognised from the directory's files.")
  String engine;
}
