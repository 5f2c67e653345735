package io.kafkago.test.internal;

import io.kafkago.test.BrokerMode;
import io.kafkago.test.KafkaTestCluster;
import java.util.Map;

/**
 * What every kafkago-test cluster that runs or reaches real brokers shares: its address, its {@link BrokerMode}, and
 * topic administration through one {@link ClusterAdmin}. Subclasses add how the brokers start and stop; they close
 * {@link #admin()} in their {@code close()}, in the order their shutdown needs.
 */
public abstract class AdministeredCluster implements KafkaTestCluster {

    private final String bootstrapServers;
    private final BrokerMode mode;
    private final ClusterAdmin admin;

    /**
     * @param bootstrapServers what {@link #bootstrapServers()} returns: the listeners clients under test dial
     * @param admin            administers the topics; it may reach the brokers by another route (fault clusters
     *                         bypass their proxies)
     */
    protected AdministeredCluster(String bootstrapServers, BrokerMode mode, ClusterAdmin admin) {
        this.bootstrapServers = bootstrapServers;
        this.mode = mode;
        this.admin = admin;
    }

    @Override
    public final String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public final BrokerMode mode() {
        return mode;
    }

    /** Creates the topic and waits until the cluster reports a leader for every partition. */
    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        admin.createTopic(name, partitions, replicationFactor, configs);
    }

    @Override
    public final void deleteTopic(String name) {
        admin.deleteTopic(name);
    }

    /** The admin client of this cluster, for the subclass's own queries and for closing. */
    protected final ClusterAdmin admin() {
        return admin;
    }
}
