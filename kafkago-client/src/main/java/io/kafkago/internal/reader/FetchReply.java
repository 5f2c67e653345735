package io.kafkago.internal.reader;

import io.kafkago.network.BrokerConnection;
import io.kafkago.protocol.message.FetchResponse;
import java.nio.ByteBuffer;

/**
 * A Fetch response together with the connection that read it, so that the fetch loop can hand
 * the response's body array back for the next response once every record is decoded (a fetch
 * loop then reuses two arrays instead of allocating one per response).
 *
 * @param response   the decoded response; its record buffers point into the body array
 * @param connection the connection the response came from
 */
record FetchReply(FetchResponse response, BrokerConnection connection) {

    /**
     * Gives the body array back to the connection. Call once, after the last use of the response
     * and its record buffers (decoded messages own copies of their bytes, so they stay valid).
     */
    void release() {
        for (FetchResponse.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponse.PartitionData partition : topic.partitions()) {
                ByteBuffer records = partition.records();
                if (records != null && records.hasArray()) {
                    connection.recycleResponseBody(records.array());
                    return;
                }
            }
        }
    }
}
