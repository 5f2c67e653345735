package io.kafkago.internal.writer.sim;

/**
 * What a simulated broker does to one Produce request, chosen by the {@link FaultPlan} when the request
 * arrives. Faults that answer with an error or move leadership apply to every partition of the request.
 */
enum Fault {

    /** Handles the request as a healthy broker would. */
    NONE,

    /**
     * Appends the batches, then closes the connection without answering: the acknowledgement is lost, and a
     * retry must be recognised as a duplicate.
     */
    DROP_RESPONSE_AFTER_APPEND,

    /** Closes the connection without appending: the request is lost. */
    CLOSE_BEFORE_APPEND,

    /** Appends the batches, writes the first half of the response frame, then closes the connection. */
    PARTIAL_RESPONSE,

    /**
     * Appends the batches and answers only after the cluster's response delay, which tests set beyond the
     * client's request timeout. The connection stays open; like a real broker, the simulated one handles a
     * connection's requests one at a time, so later requests on it wait their turn.
     */
    DELAY_RESPONSE,

    /**
     * Closes the connection without appending and refuses new connections to this broker for 300 ms (each
     * attempt is accepted and reset at once).
     */
    REFUSE_CONNECTIONS,

    /**
     * Moves the leadership of each partition of the request to the next broker and answers
     * NOT_LEADER_OR_FOLLOWER without appending. The new leader shares the partition's log and producer
     * state, as an in-sync follower that replicated them would.
     */
    NOT_LEADER,

    /**
     * Appends the batches and answers REQUEST_TIMED_OUT, as a leader whose followers did not acknowledge in
     * time: the records are in the log all the same.
     */
    TIMEOUT_AFTER_APPEND,

    /** Answers NOT_ENOUGH_REPLICAS without appending (too few in-sync replicas to take the write). */
    NOT_ENOUGH_REPLICAS,

    /**
     * Makes each partition of the request forget every producer (retention or truncation removed their
     * batches), then handles the request normally. A partition that holds appends whose acknowledgement may
     * not have reached the client is left alone: a retry of one of those would then be appended twice, as
     * on a real broker, which is the broker's loss and not something a client can prevent.
     */
    FORGET_PRODUCERS,

    /**
     * Reads the request and closes the connection at once, as if the broker had stalled; the request is
     * then appended (its answer lost) just before the cluster handles its next Produce request: a request
     * the broker processed after the client gave up on the connection.
     */
    ZOMBIE
}
