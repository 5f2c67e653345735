package io.kafkago.protocol;

/**
 * UTF-8 encoding straight into an output array, for protocol strings and record header keys:
 * it avoids the intermediate array {@code String.getBytes} allocates per string. Unpaired
 * surrogates become {@code '?'}, exactly as {@code String.getBytes(UTF_8)} encodes them, so the
 * bytes are the same either way.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Bytes {@code text} takes in UTF-8. */
    public static int encodedLength(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair of 2 chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2; // an unpaired surrogate is '?', one byte, already counted
                }
            }
        }
        return bytes;
    }

    /**
     * Writes {@code text} as UTF-8 at {@code offset}; the caller guarantees room for
     * {@link #encodedLength(String)} bytes.
     *
     * @return the offset after the written bytes
     */
    public static int encode(String text, byte[] array, int offset) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                array[offset++] = (byte) c;
            } else if (c < 0x800) {
                array[offset++] = (byte) (0xc0 | c >> 6);
                array[offset++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                array[offset++] = (byte) (0xf0 | codePoint >> 18);
                array[offset++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
                array[offset++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                array[offset++] = (byte) (0x80 | codePoint & 0x3f);
            } else if (Character.isSurrogate(c)) {
                array[offset++] = '?';
            } else {
                array[offset++] = (byte) (0xe0 | c >> 12);
                array[offset++] = (byte) (0x80 | c >> 6 & 0x3f);
                array[offset++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return offset;
    }
}
