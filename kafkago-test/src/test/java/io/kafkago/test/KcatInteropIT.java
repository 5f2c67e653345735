package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * librdkafka (Debian's {@code kcat}) against the test listeners, so interop tests elsewhere can rely on them. Skipped
 * when kcat is not installed. SCRAM is left out: kcat 1.7.1's librdkafka fails SCRAM against Kafka 4.x.
 */
@KafkaTest(securityListeners = true)
class KcatInteropIT {

    static KafkaTestCluster cluster;
    static BrokerSecurity security;

    @BeforeAll
    static void requireKcat() {
        Kcat.assumeInstalled();
    }

    @Test
    void producesAndConsumesOverPlaintext() throws Exception {
        String topic = cluster.createUniqueTopic("kcat", 1);
        List<String> broker = List.of("-b", cluster.bootstrapServers());
        assertThat(kcat(concat(broker, "-P", "-t", topic), "from-kcat\n").exitCode()).isZero();
        Result consumed = kcat(concat(broker, "-C", "-t", topic, "-o", "beginning", "-e", "-c", "1"), "");
        assertThat(consumed.exitCode()).isZero();
        assertThat(consumed.output()).contains("from-kcat");
    }

    @Test
    void logsInWithSaslPlainOverPlaintextAndTls() throws Exception {
        TestUser user = security.user("PLAIN");
        List<String> credentials = List.of("-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=" + user.username(),
                "-X", "sasl.password=" + user.password());
        assertThat(metadata(SecureListener.SASL_PLAINTEXT, credentials).exitCode()).isZero();
        assertThat(metadata(SecureListener.SASL_SSL, concat(credentials, "-X",
                "ssl.ca.location=" + security.certificates().caCertificatePem())).exitCode()).isZero();
        List<String> wrong = List.of("-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=" + user.username(),
                "-X", "sasl.password=wrong-password");
        assertThat(metadata(SecureListener.SASL_PLAINTEXT, wrong).exitCode()).isNotZero();
    }

    @Test
    void verifiesTheCertificateAndTheHostName() throws Exception {
        List<String> trust = List.of("-X", "ssl.ca.location=" + security.certificates().caCertificatePem(),
                "-X", "ssl.endpoint.identification.algorithm=https");
        assertThat(metadata(SecureListener.SSL, trust).exitCode()).isZero();
        Result wrongHost = metadata(SecureListener.SSL_WRONG_HOST, trust);
        assertThat(wrongHost.exitCode()).isNotZero();
        assertThat(wrongHost.output()).containsIgnoringCase("certificate");
    }

    private static Result metadata(SecureListener listener, List<String> options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-b", security.bootstrapServers(listener), "-L", "-m", "10",
                "-X", "security.protocol=" + listener.securityProtocol()));
        arguments.addAll(options);
        return kcat(arguments, "");
    }

    private static Result kcat(List<String> arguments, String input) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("kcat");
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private record Result(int exitCode, String output) {
    }
}
