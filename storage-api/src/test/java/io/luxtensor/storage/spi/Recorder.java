package io.luxtensor.storage.spi;

import io.luxtensor.storage.ColumnFamilyHint;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.WriteOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A proxy of an SPI interface that records every call (default methods included, which a proxy also
 * intercepts) and answers each with a fresh result of the method's return type, so that a forwarding
 * class can be checked method by method: the call reached the delegate, with the caller's arguments,
 * and the delegate's result reached the caller. Not thread-safe.
 */
final class Recorder implements InvocationHandler {

  /** One call the proxy received. */
  record Call(Method method, Object[] args, Object result) {}

  final List<Call> calls = new ArrayList<>();
  /** What {@code supports(Isolation)} answers. */
  boolean supports = true;

  static <T> T of(Class<T> type, Recorder recorder) {
    return type.cast(Proxy.newProxyInstance(Recorder.class.getClassLoader(), new Class<?>[] {type}, recorder));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "Recorder proxy";
      };
    }
    Object result = method.getName().equals("supports") ? supports : resultOf(method.getReturnType());
    calls.add(new Call(method, args == null ? new Object[0] : args, result));
    return result;
  }

  /** The one call recorded, failing when there were none or several. */
  Call only() {
    if (calls.size() != 1) {
      throw new AssertionError("expected one call to the delegate, got " + calls);
    }
    return calls.get(0);
  }

  /** A fresh value of {@code type}, distinct from every other one this returns. */
  static Object resultOf(Class<?> type) {
    if (type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == long.class) {
      return 42L;
    }
    if (type == byte[].class) {
      return new byte[] {7};
    }
    if (type == List.class) {
      return new ArrayList<>(List.of(new byte[] {8}));
    }
    if (type == EngineStats.class) {
      return new EngineStats(1, 2, 0.5, 3, java.util.Map.of());
    }
    if (type == EngineColumnFamily.class) {
      return new Family("created");
    }
    if (type.isInterface()) {
      return of(type, new Recorder());
    }
    throw new AssertionError("no result for a method returning " + type.getName() + ": extend Recorder.resultOf");
  }

  /** A fresh argument of {@code type}. */
  static Object argumentOf(Class<?> type) {
    if (type == EngineColumnFamily.class) {
      return new Family("cf");
    }
    if (type == byte[].class) {
      return new byte[] {1};
    }
    if (type == List.class) {
      return new ArrayList<>(List.of(new Family("listed")));
    }
    if (type == Bounds.class) {
      return Bounds.of(new byte[] {1}, new byte[] {2});
    }
    if (type == WriteOptions.class) {
      return new WriteOptions(true, false);
    }
    if (type == EngineBatch.class) {
      return EngineBatch.ofDelete(new Family("batched"), new byte[] {3});
    }
    if (type == Path.class) {
      return Path.of("target", "forwarded");
    }
    if (type == Isolation.class) {
      return Isolation.SERIALIZABLE;
    }
    if (type == String.class) {
      return "name";
    }
    if (type == Set.class) {
      return Set.of(ColumnFamilyHint.LARGE_VALUES);
    }
    throw new AssertionError("no argument for a parameter of " + type.getName() + ": extend Recorder.argumentOf");
  }

  static Object[] argumentsOf(Method method) {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = argumentOf(types[i]);
    }
    return args;
  }

  /** A column family handle compared by identity, as engines compare theirs. */
  static final class Family implements EngineColumnFamily {
    private final String name;

    Family(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "Family[" + name + "]";
    }
  }
}
