package io.kafkago.protocol;

/**
 * A request or response body of one Kafka API (generated from Kafka's message specs). The body is
 * written after the request header, or read after the response header, by the connection layer.
 */
public interface ApiMessage {

    /** The API this message belongs to. */
    ApiKey apiKey();

    /** Oldest version this message can be written and read in. */
    short lowestSupportedVersion();

    /** Newest version this message can be written and read in (may be an unstable one). */
    short highestSupportedVersion();

    /**
     * Appends this message in the given version. Throws {@link io.kafkago.UnsupportedVersionException}
     * if the version is out of range or a field set to a non-default value does not exist in it.
     */
    void write(ProtocolWriter out, short version);
}
