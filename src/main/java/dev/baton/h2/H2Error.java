package dev.baton.h2;

/** The error codes of RFC 9113 section 7, as sent in RST_STREAM and GOAWAY frames. */
public final class H2Error {
    public static final int NO_ERROR = 0x0;
    public static final int PROTOCOL_ERROR = 0x1;
    public static final int INTERNAL_ERROR = 0x2;
    public static final int FLOW_CONTROL_ERROR = 0x3;
    public static final int SETTINGS_TIMEOUT = 0x4;
    public static final int STREAM_CLOSED = 0x5;
    public static final int FRAME_SIZE_ERROR = 0x6;
    public static final int REFUSED_STREAM = 0x7;
    public static final int CANCEL = 0x8;
    public static final int COMPRESSION_ERROR = 0x9;
    public static final int CONNECT_ERROR = 0xa;
    public static final int ENHANCE_YOUR_CALM = 0xb;
    public static final int INADEQUATE_SECURITY = 0xc;
    public static final int HTTP_1_1_REQUIRED = 0xd;

    private H2Error() {
    }

    /** The code's name as RFC 9113 spells it, for logs and messages. */
    public static String name(final int code) {
        switch (code) {
            case NO_ERROR: return "NO_ERROR";
            case PROTOCOL_ERROR: return "PROTOCOL_ERROR";
            case INTERNAL_ERROR: return "INTERNAL_ERROR";
            case FLOW_CONTROL_ERROR: return "FLOW_CONTROL_ERROR";
            case SETTINGS_TIMEOUT: return "SETTINGS_TIMEOUT";
            case STREAM_CLOSED: return "STREAM_CLOSED";
            case FRAME_SIZE_ERROR: return "FRAME_SIZE_ERROR";
            case REFUSED_STREAM: return "REFUSED_STREAM";
            case CANCEL: return "CANCEL";
            case COMPRESSION_ERROR: return "COMPRESSION_ERROR";
            case CONNECT_ERROR: return "CONNECT_ERROR";
            case ENHANCE_YOUR_CALM: return "ENHANCE_YOUR_CALM";
            case INADEQUATE_SECURITY: return "INADEQUATE_SECURITY";
            case HTTP_1_1_REQUIRED: return "HTTP_1_1_REQUIRED";
            default: return "0x" + Integer.toHexString(code);
        }
    }
}
