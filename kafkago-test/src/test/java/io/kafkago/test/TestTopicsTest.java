package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestTopicsTest {

    @Test
    void namesAreUniqueAndKeepTheirPrefix() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(TestTopics.unique("orders"));
        }
        assertThat(names).hasSize(1000).allMatch(name -> name.startsWith("orders-"));
    }

    @Test
    void replacesCharactersKafkaRejects() {
        assertThat(TestTopics.unique("my topic/with:odd*chars")).matches("my_topic_with_odd_chars-[a-z0-9]+-[0-9]+");
        assertThat(TestTopics.unique("")).startsWith("topic-");
        assertThat(TestTopics.unique("x".repeat(300))).hasSizeLessThan(249);
    }
}
