package io.luxtensor.storage;

import java.time.Instant;

/**
 * One engine-native backup in a backup directory (see {@link NativeBackups}).
 *
 * @param id the backup's id, increasing with each backup of the directory
 * @param createdAt when the backup was taken, to the second
 * @param sizeBytes bytes of the files the backup refers to (files shared with other backups counted in full)
 * @param files the number of files
 */
public record NativeBackup(int id, Instant createdAt, long sizeBytes, int files) {}
