package io.kafkago.protocol.generator;

import java.util.List;

/**
 * One field of a message spec, as written in the JSON (names, version ranges, default), with its
 * inline struct fields when the field's type is a struct defined in place.
 */
record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions taggedVersions,
        Integer tag,
        Versions flexibleVersions,
        boolean ignorable,
        String defaultValue,
        String about,
        List<FieldSpec> fields) {

    boolean isTagged() {
        return tag != null;
    }

    /** Versions in which the field sits in the fixed part of the message (not in the tagged section). */
    Versions fixedVersions() {
        return isTagged() ? Versions.NONE : versions;
    }

    /** Java name of the field, getter and setter suffix: {@code TopicName} gives {@code topicName}. */
    String javaName() {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    String setterName() {
        return "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
