package io.luxtensor.storage.spi;

/** A frozen view of the store; stays readable after later writes until closed, exactly once. */
public interface EngineSnapshot extends EngineReader, AutoCloseable {

  @Override
  void close();
}
