package io.kafkago.internal.group;

import io.kafkago.ErrorCode;

/** What a group coordinator's error codes mean for a member (shared by the group code and the API's exceptions). */
public final class GroupErrors {

    private GroupErrors() {
    }

    /** True for errors meaning the member's generation is over (its commits can no longer be applied). */
    public static boolean generationEnded(ErrorCode error) {
        return error == ErrorCode.ILLEGAL_GENERATION || error == ErrorCode.UNKNOWN_MEMBER_ID
                || error == ErrorCode.FENCED_INSTANCE_ID || error == ErrorCode.REBALANCE_IN_PROGRESS
                || error == ErrorCode.FENCED_MEMBER_EPOCH;
    }
}
