package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.IsolationLevel;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * A JDBC transaction next to a Kafka one, in the order the README recommends: the Kafka transaction outside, the
 * database's inside it, so the database commits first and Kafka after. What that order gives: a database failure
 * aborts the Kafka transaction too (nothing published for a change that did not happen); a failure after the database
 * committed aborts the Kafka side only, the one case that is not atomic (the row is there, its message is not).
 */
@SpringBootTest(classes = JdbcAndKafkaTransactionsIT.App.class, properties = {"kafkago.brokers=localhost:1",
        "kafkago.writer.transaction-id-prefix=jdbc-and-kafka-it-"})
@EmbeddedKafkaGo
class JdbcAndKafkaTransactionsIT {

    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String TOPIC = KAFKA.createUniqueTopic("jdbc-and-kafka", 1);

    /** The database side: its own transaction, joined to nothing. */
    static class OrderRows {
        @Autowired
        JdbcTemplate jdbc;

        @Transactional("jdbcTransactionManager")
        public void insert(String id) {
            jdbc.update("insert into orders(id) values (?)", id);
        }
    }

    static class Orders {
        @Autowired
        OrderRows rows;

        @Autowired
        Writer writer;

        /** The order's row, then its event; the Kafka transaction commits after the database's. */
        @Transactional("kafkaGoTransactionManager")
        public void place(String id, boolean failAfterTheRow) {
            rows.insert(id);
            writer.writeMessages(Message.of(id, "placed " + id).withTopic(TOPIC));
            if (failAfterTheRow) {
                throw new IllegalStateException("failed after the row of " + id + " committed");
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import({Orders.class, OrderRows.class})
    static class App {

        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1", "sa", "");
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("create table orders(id varchar(32) primary key)");
            return jdbc;
        }

        @Bean
        DataSourceTransactionManager jdbcTransactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    @Autowired
    Orders orders;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDatabaseCommitsFirstAndKafkaAfterwardsWithTheOneGapThatOrderLeaves() {
        orders.place("order-1", false);
        assertThatThrownBy(() -> orders.place("order-1", false)).as("a second row with the same key")
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> orders.place("order-2", true)).hasMessageContaining("failed after the row");
        orders.place("order-3", false);

        assertThat(jdbc.queryForList("select id from orders order by id", String.class))
                .as("rows: the duplicate rolled back, order-2's committed before the failure")
                .containsExactly("order-1", "order-2", "order-3");
        assertThat(values()).as("events, read_committed: none for the duplicate, none for order-2")
                .containsExactly("placed order-1", "placed order-3");
    }

    private static List<String> values() {
        List<String> values = new ArrayList<>();
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                .topic(TOPIC).partition(0).isolationLevel(IsolationLevel.READ_COMMITTED).build())) {
            while (true) {
                try {
                    values.add(reader.readMessage(Duration.ofSeconds(3)).valueAsString());
                } catch (KafkaTimeoutException e) {
                    return values;
                }
            }
        }
    }
}
