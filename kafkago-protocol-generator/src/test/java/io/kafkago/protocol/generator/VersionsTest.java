package io.kafkago.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    private static final Versions VALID = Versions.parse("0-13");

    @Test
    void parsesEverySpecForm() {
        assertThat(Versions.parse("3+")).isEqualTo(new Versions((short) 3, Short.MAX_VALUE));
        assertThat(Versions.parse("1-4")).isEqualTo(new Versions((short) 1, (short) 4));
        assertThat(Versions.parse("2")).isEqualTo(new Versions((short) 2, (short) 2));
        assertThat(Versions.parse("none").isEmpty()).isTrue();
        assertThat(Versions.parse("3+").toString()).isEqualTo("3+");
    }

    @Test
    void conditionsAreSimplifiedAgainstTheValidVersions() {
        assertThat(Versions.parse("0+").condition(VALID)).isEqualTo("true");
        assertThat(Versions.parse("none").condition(VALID)).isEqualTo("false");
        assertThat(Versions.parse("14+").condition(VALID)).isEqualTo("false");
        assertThat(Versions.parse("4+").condition(VALID)).isEqualTo("version >= 4");
        assertThat(Versions.parse("0-10").condition(VALID)).isEqualTo("version <= 10");
        assertThat(Versions.parse("8-10").condition(VALID)).isEqualTo("version >= 8 && version <= 10");
        assertThat(Versions.parse("7").condition(VALID)).isEqualTo("version == 7");
        assertThat(Versions.parse("2+").condition(Versions.parse("3-9"))).isEqualTo("true");
    }

    @Test
    void apiConstantNamesFollowKafkaConvention() {
        assertThat(ApiKeyGenerator.constantName("ApiVersions")).isEqualTo("API_VERSIONS");
        assertThat(ApiKeyGenerator.constantName("OffsetForLeaderEpoch")).isEqualTo("OFFSET_FOR_LEADER_EPOCH");
        assertThat(ApiKeyGenerator.constantName("Produce")).isEqualTo("PRODUCE");
    }
}
