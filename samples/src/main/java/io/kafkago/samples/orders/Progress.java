package io.kafkago.samples.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prints progress every second. In bounded mode, once every order was billed or dead-lettered and the
 * audit saw them all, prints the summary line and exits with status 0.
 */
@Component
class Progress {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    private final OrderSource source;
    private final Billing billing;
    private final Audit audit;
    private final DeadLetters deadLetters;
    private final SampleProperties sample;
    private final ApplicationContext context;

    Progress(OrderSource source, Billing billing, Audit audit, DeadLetters deadLetters, SampleProperties sample,
            ApplicationContext context) {
        this.source = source;
        this.billing = billing;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.sample = sample;
        this.context = context;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void report() {
        long produced = source.produced();
        long consumed = billing.billed() + deadLetters.deadLettered();
        log.info("produced={} billed={} dead-lettered={} audited={} (in {} batches)", produced, billing.billed(),
                deadLetters.deadLettered(), audit.seen(), audit.batches());
        if (sample.bounded() && produced == sample.messages() && consumed >= produced && audit.seen() >= produced) {
            System.out.printf("SAMPLE produced=%d consumed=%d dead-lettered=%d%n", produced, consumed,
                    deadLetters.deadLettered());
            // Exit from a thread of our own: closing the context stops this scheduler thread.
            Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 0)), "sample-exit");
            exit.start();
        }
    }
}
