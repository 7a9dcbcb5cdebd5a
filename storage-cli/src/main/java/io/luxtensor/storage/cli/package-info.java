/**
 * The {@code luxdb} command line ({@link io.luxtensor.storage.cli.LuxDb}): one class per command, each a
 * picocli {@code Callable} returning an exit code ({@code ExitCode}); failures are exceptions that
 * {@code ErrorReporter} turns into one line and an exit code. Stores are opened through the public API
 * only ({@code StoreOpener}); the one engine-specific call is LMDB's verifier, reached through its
 * public class.
 */
package io.luxtensor.storage.cli;
