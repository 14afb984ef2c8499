internal import CNghttp2

extension H2Session {
    /// What this endpoint advertises and tolerates. The defaults suit service-to-service gRPC.
    public struct Settings: Sendable {
        /// SETTINGS_MAX_CONCURRENT_STREAMS we advertise: streams the peer may open towards us.
        /// nghttp2 refuses streams beyond it, which also bounds our per-stream state.
        public var maxConcurrentStreams: UInt32 = 100
        /// SETTINGS_INITIAL_WINDOW_SIZE: how many DATA bytes per stream the peer may send before
        /// we `consume` them. Large enough for streaming, small enough to bound buffering.
        public var initialWindowSize: UInt32 = 1 << 20
        /// Receive window of the whole connection (`nghttp2_session_set_local_window_size` on
        /// stream 0). The HTTP/2 default of 64 KiB would throttle many concurrent streams.
        public var connectionWindowSize: Int32 = 8 << 20
        /// SETTINGS_MAX_FRAME_SIZE: the largest frame payload we accept.
        public var maxFrameSize: UInt32 = 16_384
        /// A stream's outbound low-water mark: `.outboundDrained` is reported when its queue falls
        /// from above this many bytes to this many or fewer. Above zero, a producer waiting for
        /// back-pressure to ease refills the queue while nghttp2 still has bytes to send, so the
        /// connection does not idle for a wake-up per refill; zero reports only an empty queue.
        public var outboundLowWater: Int = 64 << 10
        /// SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce per header block
        /// (name + value + 32 per field); larger blocks yield `.headersTooLarge`.
        public var maxHeaderListSize: UInt32 = 16_384
        /// Queued SETTINGS-ACK/PING-ACK frames before the peer counts as flooding
        /// (`nghttp2_option_set_max_outbound_ack`; CVE-2019-9511/9513 class).
        public var maxOutboundAck: Int = 1000
        /// SETTINGS entries accepted per frame (`nghttp2_option_set_max_settings`; CVE-2020-11080).
        public var maxSettingsEntries: Int = 32
        /// CONTINUATION frames accepted after one HEADERS (`nghttp2_option_set_max_continuations`,
        /// back-ported into Debian's 1.52; CVE-2024-28182).
        public var maxContinuations: Int = 8
        /// Server only: token bucket for incoming RST_STREAM (`nghttp2_option_set_stream_reset_rate_limit`,
        /// back-ported into Debian's 1.52; Rapid Reset, CVE-2023-44487). Empty bucket → GOAWAY.
        public var streamResetBurst: UInt64 = 1000
        /// Server only: tokens regenerated per second for `streamResetBurst`.
        public var streamResetRatePerSecond: UInt64 = 33
        /// Client only: the peer's concurrent-stream limit assumed until its SETTINGS arrive
        /// (`nghttp2_option_set_peer_max_concurrent_streams`).
        public var assumedPeerMaxConcurrentStreams: UInt32 = 100

        /// The defaults above.
        public init() {}

        /// Applies the options that must be fixed before the session exists.
        func configure(_ option: OpaquePointer, role: Role) {
            // Flow control is back-pressure: WINDOW_UPDATE only after the application consumed.
            nghttp2_option_set_no_auto_window_update(option, 1)
            // We never use RFC 7540 priorities; keeping closed streams would only cost memory.
            nghttp2_option_set_no_closed_streams(option, 1)
            nghttp2_option_set_max_outbound_ack(option, maxOutboundAck)
            nghttp2_option_set_max_settings(option, maxSettingsEntries)
            nghttp2_option_set_max_continuations(option, maxContinuations)
            switch role {
            case .server:
                nghttp2_option_set_stream_reset_rate_limit(option, streamResetBurst, streamResetRatePerSecond)
            case .client:
                nghttp2_option_set_peer_max_concurrent_streams(option, assumedPeerMaxConcurrentStreams)
            }
        }

        /// Our SETTINGS frame. ENABLE_PUSH=0 only from a client (servers do not receive pushes).
        func entries(role: Role) -> [nghttp2_settings_entry] {
            func entry(_ id: nghttp2_settings_id, _ value: UInt32) -> nghttp2_settings_entry {
                nghttp2_settings_entry(settings_id: Int32(id.rawValue), value: value)
            }
            var list = [
                entry(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, maxConcurrentStreams),
                entry(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, initialWindowSize),
                entry(NGHTTP2_SETTINGS_MAX_FRAME_SIZE, maxFrameSize),
                entry(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, maxHeaderListSize),
                // RFC 9218: no priority tree, so nghttp2 retains no closed streams either.
                entry(NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1),
            ]
            if role == .client {
                list.append(entry(NGHTTP2_SETTINGS_ENABLE_PUSH, 0))
            }
            return list
        }
    }
}
