package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.KafkaConfigException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on an invalid kafkago setting, naming the {@code kafkago.*} property
 * that feeds the rejected config field.
 */
final class KafkaGoConfigFailureAnalyzer extends AbstractFailureAnalyzer<KafkaConfigException> {

    private static final Pattern CONFIG_FIELD = Pattern.compile("\\b(WriterConfig|ReaderConfig)\\.(\\w+)");
    private static final Set<String> SHARED_FIELDS = Set.of("brokers", "clientId", "dialTimeout");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaConfigException cause) {
        String property = propertyFor(cause.getMessage());
        String description = "Invalid kafkago configuration: " + cause.getMessage()
                + (property == null ? "" : " (set by property '" + property + "')");
        String action = property == null
                ? "Correct the kafkago.* property named above, or the customizer or bean that sets it."
                : "Correct '" + property + "', or the WriterConfigCustomizer/ReaderConfigCustomizer that sets the field.";
        return new FailureAnalysis(description, action, cause);
    }

    /** The property behind a {@code WriterConfig.field} / {@code ReaderConfig.field} message, or null. */
    static String propertyFor(String message) {
        if (message == null) {
            return null;
        }
        if (message.startsWith("kafkago.")) {
            int colon = message.indexOf(':');
            return colon > 0 ? message.substring(0, colon) : null;
        }
        Matcher matcher = CONFIG_FIELD.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        String field = matcher.group(2);
        String kebab = field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        if (SHARED_FIELDS.contains(field)) {
            return "kafkago." + kebab;
        }
        return (matcher.group(1).equals("WriterConfig") ? "kafkago.writer." : "kafkago.reader.") + kebab;
    }
}
