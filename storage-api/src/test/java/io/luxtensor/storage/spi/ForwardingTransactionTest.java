package io.luxtensor.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingTransactionTest {

  /** A transaction that adds nothing. */
  private static final class Plain extends ForwardingTransaction {
    Plain(EngineTransaction delegate) {
      super(delegate);
    }
  }

  /** Every public method of the SPI transaction, those it inherits and its defaults included. */
  private static List<Method> transactionMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method method : EngineTransaction.class.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers())) {
        methods.add(method);
      }
    }
    assertThat(methods).extracting(Method::getName).contains("count", "multiGet", "commit", "close");
    return methods;
  }

  @Test
  void everyMethodReachesTheDelegateWithTheCallersArgumentsAndReturnsItsResult() throws Exception {
    for (Method method : transactionMethods()) {
      Recorder recorder = new Recorder();
      Object[] args = Recorder.argumentsOf(method);
      Object result;
      try {
        result = method.invoke(new Plain(Recorder.of(EngineTransaction.class, recorder)), args);
      } catch (InvocationTargetException e) {
        throw (Exception) e.getCause();
      }
      Recorder.Call call = recorder.only();
      assertThat(call.method()).as(method.toString()).isEqualTo(method);
      for (int i = 0; i < args.length; i++) {
        assertThat(call.args()[i]).as(method + " argument " + i).isSameAs(args[i]);
      }
      if (method.getReturnType() != void.class) {
        assertThat(result).as(method.toString()).isEqualTo(call.result());
      }
    }
  }
}
