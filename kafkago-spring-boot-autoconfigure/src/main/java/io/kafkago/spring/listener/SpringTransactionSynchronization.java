package io.kafkago.spring.listener;

import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;
import org.springframework.util.ClassUtils;

/**
 * Spring's transaction synchronization for a listener member's transaction, when spring-tx is present: active from
 * begin to end on the member's thread, so that a {@code @Transactional} method that joins the transaction registers its
 * callbacks ({@code @TransactionalEventListener}, {@code TransactionSynchronization}) here, and they run when the
 * Kafka transaction commits or aborts, not when the method returns.
 */
final class SpringTransactionSynchronization {

    /** Whether spring-tx is on the class path; nothing else here may be touched when it is not. */
    static final boolean AVAILABLE = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            SpringTransactionSynchronization.class.getClassLoader());

    private boolean beforeCommitDone;
    /** What the callbacks are told at the end: rolled back until a commit returned. */
    private int status = TransactionSynchronization.STATUS_ROLLED_BACK;

    /** Makes synchronization active on the calling thread. */
    SpringTransactionSynchronization() {
        TransactionSynchronizationManager.initSynchronization();
        TransactionSynchronizationManager.setActualTransactionActive(true);
    }

    /** Runs the before-commit callbacks, once however many times the commit is tried. */
    void beforeCommit() {
        if (!beforeCommitDone) {
            beforeCommitDone = true;
            TransactionSynchronizationUtils.triggerBeforeCommit(false);
            TransactionSynchronizationUtils.triggerBeforeCompletion();
        }
    }

    /** The commit returned. */
    void committed() {
        status = TransactionSynchronization.STATUS_COMMITTED;
    }

    /** The commit's outcome is unknown (until a commit tried again returns). */
    void outcomeUnknown() {
        status = TransactionSynchronization.STATUS_UNKNOWN;
    }

    /** Runs the after-completion callbacks (after-commit ones first when committed) and ends synchronization. */
    void completed() {
        try {
            List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
            if (!beforeCommitDone) {
                TransactionSynchronizationUtils.triggerBeforeCompletion();
            }
            if (status == TransactionSynchronization.STATUS_COMMITTED) {
                TransactionSynchronizationUtils.invokeAfterCommit(synchronizations);
            }
            TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
        } finally {
            TransactionSynchronizationManager.clear();
        }
    }
}
