package io.luxtensor.storage.backup;

import java.util.List;

/**
 * What a verify found. Immutable.
 *
 * @param checked what was checked (backup ids, or column families of a live store)
 * @param problems every damage found, each naming its file (or family) and what is wrong; empty when sound
 * @param decrypted whether encrypted chunks were decrypted and parsed (a key was given), or only their
 *     checksums and the files' SHA-256 checked
 */
public record VerifyReport(List<String> checked, List<Problem> problems, boolean decrypted) {

  public VerifyReport {
    checked = List.copyOf(checked);
    problems = List.copyOf(problems);
  }

  public boolean isSound() {
    return problems.isEmpty();
  }

  /**
   * One damage.
   *
   * @param subject the backup id, or the store's path
   * @param file the damaged file (or column family of a live store), or {@code null} for the whole subject
   * @param message what is wrong and what to do
   */
  public record Problem(String subject, String file, String message) {}
}
