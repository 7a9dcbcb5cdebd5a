package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Isolation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingEngineTest {

  /** A layer that adds nothing. */
  private static final class Plain extends ForwardingEngine {
    Plain(StorageEngine delegate) {
      super(delegate);
    }
  }

  /** Every public method of the SPI engine, those it inherits and its defaults included. */
  private static List<Method> engineMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method method : StorageEngine.class.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers())) {
        methods.add(method);
      }
    }
    assertThat(methods).extracting(Method::getName)
        .contains("supports", "beginTransaction", "count", "warm", "checkpoint", "nativeBackups", "multiGet", "close");
    return methods;
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Exception {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void everyMethodReachesTheDelegateWithTheCallersArguments() throws Exception {
    for (Method method : engineMethods()) {
      Recorder recorder = new Recorder();
      Object[] args = Recorder.argumentsOf(method);
      invoke(method, new Plain(Recorder.of(StorageEngine.class, recorder)), args);
      Recorder.Call call = recorder.only();
      assertThat(call.method()).as(method.toString()).isEqualTo(method);
      for (int i = 0; i < args.length; i++) {
        assertThat(call.args()[i]).as(method + " argument " + i).isSameAs(args[i]);
      }
    }
  }

  @Test
  void everyResultOfTheDelegateReachesTheCaller() throws Exception {
    for (Method method : engineMethods()) {
      if (method.getReturnType() == void.class) {
        continue;
      }
      Recorder recorder = new Recorder();
      Object result = invoke(method, new Plain(Recorder.of(StorageEngine.class, recorder)), Recorder.argumentsOf(method));
      if (method.getReturnType().isPrimitive()) {
        assertThat(result).as(method.toString()).isEqualTo(recorder.only().result());
      } else {
        assertThat(result).as(method.toString()).isSameAs(recorder.only().result());
      }
    }
  }

  @Test
  void supportsAnswersWhatTheDelegateHonours() {
    Recorder recorder = new Recorder();
    StorageEngine layer = new Plain(Recorder.of(StorageEngine.class, recorder));
    recorder.supports = false;
    assertThat(layer.supports(Isolation.SERIALIZABLE)).isFalse();
    recorder.supports = true;
    assertThat(layer.supports(Isolation.SERIALIZABLE)).isTrue();
  }

  /** A layer that wraps transactions, snapshots and cursors, and hands out handles of its own. */
  private static final class Wrapping extends ForwardingEngine {
    final Map<EngineColumnFamily, EngineColumnFamily> inner = new IdentityHashMap<>();
    final List<Object> wrapped = new ArrayList<>();
    boolean fail;

    Wrapping(StorageEngine delegate) {
      super(delegate);
    }

    @Override
    protected EngineColumnFamily delegateFamily(EngineColumnFamily cf) {
      return inner.computeIfAbsent(cf, own -> new Recorder.Family("inner-" + own.name()));
    }

    @Override
    protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
      return wrap(transaction, EngineTransaction.class);
    }

    @Override
    protected EngineSnapshot wrapSnapshot(EngineSnapshot snapshot) {
      return wrap(snapshot, EngineSnapshot.class);
    }

    @Override
    protected EngineCursor wrapCursor(EngineColumnFamily cf, EngineCursor cursor) {
      return wrap(cursor, EngineCursor.class);
    }

    private <T> T wrap(T handle, Class<T> type) {
      if (fail) {
        throw new IllegalStateException("hook failed");
      }
      wrapped.add(handle);
      return Recorder.of(type, new Recorder());
    }
  }

  @Test
  void transactionsOfBothBeginVariantsPassThroughTheHook() {
    Recorder recorder = new Recorder();
    Wrapping layer = new Wrapping(Recorder.of(StorageEngine.class, recorder));
    EngineTransaction snapshotIsolated = layer.beginTransaction();
    EngineTransaction serializable = layer.beginTransaction(Isolation.SERIALIZABLE);
    assertThat(layer.wrapped).containsExactly(recorder.calls.get(0).result(), recorder.calls.get(1).result());
    assertThat(List.<Object>of(snapshotIsolated, serializable)).doesNotContainAnyElementsOf(layer.wrapped);
  }

  @Test
  void snapshotsAndCursorsPassThroughTheirHooks() {
    Recorder recorder = new Recorder();
    Wrapping layer = new Wrapping(Recorder.of(StorageEngine.class, recorder));
    layer.snapshot();
    layer.cursor(new Recorder.Family("cf"), Bounds.all());
    assertThat(layer.wrapped).containsExactly(recorder.calls.get(0).result(), recorder.calls.get(1).result());
  }

  @Test
  void aFailingHookClosesWhatTheDelegateOpened() {
    Recorder recorder = new Recorder();
    Wrapping layer = new Wrapping(Recorder.of(StorageEngine.class, recorder));
    layer.fail = true;
    List<Runnable> opens = List.of(layer::beginTransaction, () -> layer.beginTransaction(Isolation.SERIALIZABLE),
        layer::snapshot, () -> layer.cursor(new Recorder.Family("cf"), Bounds.all()));
    for (Runnable open : opens) {
      assertThatThrownBy(open::run).hasMessage("hook failed");
    }
    assertThat(recorder.calls).hasSize(4);
    for (Recorder.Call call : recorder.calls) {
      Recorder opened = (Recorder) Proxy.getInvocationHandler(call.result());
      assertThat(opened.only().method().getName()).as(call.method().getName()).isEqualTo("close");
    }
  }

  @Test
  void everyColumnFamilyReachesTheDelegateAsItsOwnHandle() throws Exception {
    for (Method method : engineMethods()) {
      if (!Arrays.asList(method.getParameterTypes()).contains(EngineColumnFamily.class)) {
        continue;
      }
      Recorder recorder = new Recorder();
      Wrapping layer = new Wrapping(Recorder.of(StorageEngine.class, recorder));
      Object[] args = Recorder.argumentsOf(method);
      invoke(method, layer, args);
      EngineColumnFamily own = (EngineColumnFamily) args[0];
      assertThat(recorder.only().args()[0]).as(method.toString()).isSameAs(layer.inner.get(own));
    }
  }

  @Test
  void theFamiliesOfACrossFamilyMultiGetReachTheDelegateAsItsOwnHandles() {
    Recorder recorder = new Recorder();
    Wrapping layer = new Wrapping(Recorder.of(StorageEngine.class, recorder));
    EngineColumnFamily a = new Recorder.Family("a");
    EngineColumnFamily b = new Recorder.Family("b");
    layer.multiGet(List.of(a, b, a), List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}));
    List<Object> received = new ArrayList<>((List<?>) recorder.only().args()[0]);
    assertThat(received).containsExactly(layer.inner.get(a), layer.inner.get(b), layer.inner.get(a));
  }
}
