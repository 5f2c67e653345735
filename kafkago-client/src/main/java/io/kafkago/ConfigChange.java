package io.kafkago;

import java.util.Objects;

/**
 * One incremental config change for {@link Client#alterConfigs}: set, delete (back to the default),
 * or append to / subtract from a list value.
 *
 * @param name config name
 * @param operation what to do
 * @param value the value to set, append or subtract; null for {@link Operation#DELETE}
 */
public record ConfigChange(String name, Operation operation, String value) {

    /** IncrementalAlterConfigs operations, in wire-code order. */
    public enum Operation {
        /** Sets the value. */
        SET,
        /** Removes the value, so the default applies. */
        DELETE,
        /** Adds items to a list value. */
        APPEND,
        /** Removes items from a list value. */
        SUBTRACT
    }

    /** Validates that a value is given unless deleting. */
    public ConfigChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        if (operation != Operation.DELETE && value == null) {
            throw new IllegalArgumentException(operation + " of " + name + " needs a value");
        }
    }

    /** Sets {@code name} to {@code value}. */
    public static ConfigChange set(String name, String value) {
        return new ConfigChange(name, Operation.SET, value);
    }

    /** Deletes {@code name}, so its default applies again. */
    public static ConfigChange delete(String name) {
        return new ConfigChange(name, Operation.DELETE, null);
    }
}
