package io.kafkago.protocol.generator;

/** A small Java source builder: lines with four-space indentation, opened and closed by blocks. */
final class JavaCode {

    private final StringBuilder text = new StringBuilder(16 * 1024);
    private int depth;

    JavaCode line(String line) {
        if (!line.isEmpty()) {
            text.append("    ".repeat(depth)).append(line);
        }
        text.append('\n');
        return this;
    }

    JavaCode blank() {
        text.append('\n');
        return this;
    }

    /** Writes {@code header + " {"} and indents. */
    JavaCode open(String header) {
        line(header.isEmpty() ? "{" : header + " {");
        depth++;
        return this;
    }

    /** Closes the current block with {@code "}" + trailer} (trailer e.g. {@code " else {"}). */
    JavaCode close(String trailer) {
        depth--;
        line("}" + trailer);
        return this;
    }

    JavaCode close() {
        return close("");
    }

    /** Closes the current block and opens an {@code else} branch. */
    JavaCode orElse(String condition) {
        depth--;
        line("} else " + (condition == null ? "" : "if (" + condition + ") ") + "{");
        depth++;
        return this;
    }

    /**
     * Inside an enum: a lookup array {@code arrayName} of {@code size} slots filled by a static block,
     * each constant at {@code index} (an expression over the loop variable {@code constant}).
     */
    JavaCode enumLookup(String enumName, String arrayName, int size, String index) {
        line("private static final " + enumName + "[] " + arrayName + " = new " + enumName + "[" + size + "];").blank();
        open("static");
        open("for (" + enumName + " constant : values())");
        line(arrayName + "[" + index + "] = constant;");
        close();
        return close().blank();
    }

    /** A one-line Javadoc comment of generator-written text (may use Javadoc tags). */
    JavaCode doc(String sentence) {
        return line("/** " + sentence + " */");
    }

    /** Spec-provided text made safe for Javadoc: HTML, comment terminators, tags and unicode escapes. */
    static String escapeDoc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;").replace("\\u", "\\\\u").trim();
    }

    /** A Java string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
