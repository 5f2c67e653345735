package io.kafkago.network;

import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.ApiKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The version ranges one broker announced in ApiVersions, and the newest version both sides
 * speak for each API, with the cluster's finalized feature levels as that broker reported them (such as
 * {@code transaction.version}). Immutable once built.
 */
public final class ApiVersionTable {

    private static final short UNSUPPORTED = -1;

    private final String broker;
    private final short[] minVersions;
    private final short[] maxVersions;
    private final Map<String, Short> finalizedFeatures;

    private ApiVersionTable(String broker, short[] minVersions, short[] maxVersions,
                            Map<String, Short> finalizedFeatures) {
        this.broker = broker;
        this.minVersions = minVersions;
        this.maxVersions = maxVersions;
        this.finalizedFeatures = finalizedFeatures;
    }

    /** Collects a broker's announced ranges. */
    static final class Builder {
        private final String broker;
        private short[] min = new short[128];
        private short[] max = new short[128];
        private final Map<String, Short> features = new HashMap<>();

        Builder(String broker) {
            this.broker = broker;
            Arrays.fill(min, UNSUPPORTED);
            Arrays.fill(max, UNSUPPORTED);
        }

        Builder add(int apiKey, short minVersion, short maxVersion) {
            if (apiKey < 0 || apiKey > Short.MAX_VALUE || minVersion < 0 || maxVersion < minVersion) {
                return this; // a range we cannot use; such an API stays unsupported
            }
            if (apiKey >= min.length) {
                int size = Math.max(apiKey + 1, min.length * 2);
                int old = min.length;
                min = Arrays.copyOf(min, size);
                max = Arrays.copyOf(max, size);
                Arrays.fill(min, old, size, UNSUPPORTED);
                Arrays.fill(max, old, size, UNSUPPORTED);
            }
            min[apiKey] = minVersion;
            max[apiKey] = maxVersion;
            return this;
        }

        /** A feature the cluster finalized, at its highest level. */
        Builder finalizedFeature(String name, short maxLevel) {
            features.put(name, maxLevel);
            return this;
        }

        ApiVersionTable build() {
            return new ApiVersionTable(broker, min.clone(), max.clone(), Map.copyOf(features));
        }
    }

    /** The finalized level of the cluster feature {@code name} (0 when the broker reports none, as before 2.7). */
    public short finalizedFeatureLevel(String name) {
        return finalizedFeatures.getOrDefault(name, (short) 0);
    }

    /** The broker's highest version of {@code apiKey}, or -1 when it does not list the API. */
    public short brokerMaxVersion(ApiKey apiKey) {
        int id = apiKey.id();
        return id < maxVersions.length ? maxVersions[id] : UNSUPPORTED;
    }

    /** Whether the broker and this client share at least one version of {@code apiKey}. */
    public boolean supports(ApiKey apiKey) {
        int id = apiKey.id();
        if (id >= maxVersions.length || maxVersions[id] == UNSUPPORTED) {
            return false;
        }
        return Math.min(apiKey.latestVersion(), maxVersions[id]) >= Math.max(apiKey.oldestVersion(), minVersions[id]);
    }

    /**
     * The newest version of {@code apiKey} both sides support.
     *
     * @throws UnsupportedVersionException when there is none
     */
    public short negotiatedVersion(ApiKey apiKey) {
        if (!supports(apiKey)) {
            int id = apiKey.id();
            String brokerRange = id < maxVersions.length && maxVersions[id] != UNSUPPORTED
                    ? minVersions[id] + "-" + maxVersions[id] : "none";
            throw new UnsupportedVersionException("broker " + broker + " and this client share no version of "
                    + apiKey + " (broker: " + brokerRange + ", client: " + apiKey.oldestVersion() + "-"
                    + apiKey.latestVersion() + ")");
        }
        return (short) Math.min(apiKey.latestVersion(), maxVersions[apiKey.id()]);
    }
}
