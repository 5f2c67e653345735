package io.kafkago.protocol.generator;

/**
 * A version range from a message spec: {@code "3+"}, {@code "1-4"}, {@code "2"} or {@code "none"}.
 * An empty range has {@code lowest > highest}.
 */
record Versions(short lowest, short highest) {

    static final Versions NONE = new Versions((short) 0, (short) -1);

    static Versions parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing version range");
        }
        String trimmed = text.trim();
        if (trimmed.equals("none")) {
            return NONE;
        }
        if (trimmed.endsWith("+")) {
            return new Versions(Short.parseShort(trimmed.substring(0, trimmed.length() - 1)), Short.MAX_VALUE);
        }
        int dash = trimmed.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(trimmed.substring(0, dash)), Short.parseShort(trimmed.substring(dash + 1)));
        }
        short only = Short.parseShort(trimmed);
        return new Versions(only, only);
    }

    boolean isEmpty() {
        return lowest > highest;
    }

    Versions intersect(Versions other) {
        short low = (short) Math.max(lowest, other.lowest);
        short high = (short) Math.min(highest, other.highest);
        return low > high ? NONE : new Versions(low, high);
    }

    /**
     * A Java boolean expression over the variable {@code version} that is true inside this range,
     * simplified for the versions the enclosing code can see ({@code within}). Only {@code &&} joins its
     * parts, so it can be and-ed with other conditions without parentheses; negate it as {@code !(...)}.
     */
    String condition(Versions within) {
        Versions effective = intersect(within);
        if (effective.isEmpty()) {
            return "false";
        }
        boolean lowOpen = effective.lowest <= within.lowest;
        boolean highOpen = effective.highest >= within.highest;
        if (lowOpen && highOpen) {
            return "true";
        }
        if (effective.lowest == effective.highest) {
            return "version == " + effective.lowest;
        }
        if (lowOpen) {
            return "version <= " + effective.highest;
        }
        if (highOpen) {
            return "version >= " + effective.lowest;
        }
        return "version >= " + effective.lowest + " && version <= " + effective.highest;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
