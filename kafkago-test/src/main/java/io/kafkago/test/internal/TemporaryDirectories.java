package io.kafkago.test.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clean-up of the temporary directories brokers and certificates live in. */
public final class TemporaryDirectories {

    private static final Logger log = LoggerFactory.getLogger(TemporaryDirectories.class);

    private TemporaryDirectories() {
    }

    /** Deletes {@code directory} recursively; a failure is logged, not thrown, as it must not fail the test. */
    public static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            log.warn("Cannot delete {}", directory, e);
        }
    }
}
