package io.kafkago.samples.orders;

import io.kafkago.Client;
import io.kafkago.TopicConfig;
import io.kafkago.TopicListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the orders topic and its dead-letter topic with the admin {@link Client} when they are missing, so the
 * sample runs unchanged against an embedded broker or a real cluster. It runs while the context starts, before
 * the listeners and the order source do.
 */
@Component
class SampleTopics {

    private static final Logger log = LoggerFactory.getLogger(SampleTopics.class);

    SampleTopics(Client client, SampleProperties sample) {
        Set<String> existing = client.listTopics().stream().map(TopicListing::name).collect(Collectors.toSet());
        List<TopicConfig> missing = new ArrayList<>();
        if (!existing.contains(sample.topic())) {
            missing.add(TopicConfig.builder(sample.topic()).numPartitions(3).build());
        }
        if (!existing.contains(sample.topic() + ".DLT")) {
            missing.add(TopicConfig.builder(sample.topic() + ".DLT").numPartitions(1).build());
        }
        if (!missing.isEmpty()) {
            client.createTopics(missing.toArray(TopicConfig[]::new));
            log.info("created topics {}", missing.stream().map(TopicConfig::topic).toList());
        }
    }
}
