package io.luxtensor.storage;

/** An optional feature was used on an engine that does not declare the {@link Capability}. */
public final class UnsupportedCapabilityException extends StorageException {

  private final Capability capability;

  public UnsupportedCapabilityException(Capability capability, String engine) {
    super("engine \"" + engine + "\" does not support " + capability
        + "; check StorageEngines.available() for an engine that declares it");
    this.capability = capability;
  }

  public Capability capability() {
    return capability;
  }
}
