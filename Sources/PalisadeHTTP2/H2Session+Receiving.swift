internal import CNghttp2

/// What the callbacks do. They record events and update stream state; they never call
/// `mem_recv`/`mem_send` nor any public method (the drive loop acts on the events later).
/// Every lookup tolerates unknown streams: nghttp2 may close a stream before it reports the
/// frame that closed it, and a peer may reference anything.
extension H2Session {
    private static let reportedStatusName: [UInt8] = Array(":status".utf8)

    /// Every frame header, before its payload. A server treats request HEADERS on a stream id
    /// below the highest one opened, that was never opened itself, as the connection error
    /// RFC 9113 §5.1.1 requires (PROTOCOL_ERROR). nghttp2 only ignores such blocks: it cannot
    /// tell them from trailers racing a reset, and neither can we for ids that were once open,
    /// so those are left to nghttp2.
    func beginFrame(_ hd: nghttp2_frame_hd) {
        guard role == .server, hd.type == UInt8(NGHTTP2_HEADERS.rawValue), hd.stream_id & 1 == 1,
            hd.stream_id < highestRequestStreamID, streams[hd.stream_id] == nil,
            neverOpenedRequestIDs.contains(where: { $0.contains(hd.stream_id) })
        else { return }
        // Queues GOAWAY(PROTOCOL_ERROR); once it is sent, `wantsRead`/`wantsWrite` turn false.
        _ = nghttp2_session_terminate_session(handle, NGHTTP2_PROTOCOL_ERROR.rawValue)
    }

    func beginHeaders(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let streamID = frame.pointee.hd.stream_id
        headerBlockStream = streamID
        headerFields.removeAll(keepingCapacity: true)
        headerBlockSize = 0
        headerBlockTooLarge = false
        headerBlockInformational = false
        if role == .server, frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue),
            frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST, streams[streamID] == nil
        {
            streams[streamID] = H2StreamState(id: streamID)
            noteRequestStream(streamID)
        }
        return 0
    }

    /// Remembers the ids a client skipped (a well-behaved client skips none), at most
    /// `maxRememberedGaps` ranges, so `beginFrame` can tell a never-opened id from a closed one.
    private func noteRequestStream(_ streamID: Int32) {
        let expected = highestRequestStreamID == 0 ? 1 : highestRequestStreamID + 2
        if streamID > expected {
            if neverOpenedRequestIDs.count == Self.maxRememberedGaps { neverOpenedRequestIDs.removeFirst() }
            neverOpenedRequestIDs.append(expected...(streamID - 2))
        }
        highestRequestStreamID = max(highestRequestStreamID, streamID)
    }

    static let maxRememberedGaps = 64

    /// One field of the current block; counted like SETTINGS_MAX_HEADER_LIST_SIZE.
    ///
    /// Past the limit the fields are dropped and the block is reported as too large when it
    /// ends. nghttp2 still decodes the rest of the block, and HPACK lets one input byte expand
    /// into a 4 KiB field ("HPACK bomb"): past `headerAbortFactor` times the limit the session
    /// fails at once, so a block costs bounded CPU whatever it claims.
    func header(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Int32 {
        headerBlockSize += name.count + value.count + 32
        guard !headerBlockTooLarge else {
            if headerBlockSize > Int(settings.maxHeaderListSize) * Self.headerAbortFactor {
                headerBlockAborted = true
                return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue
            }
            return 0
        }
        if headerBlockSize > Int(settings.maxHeaderListSize) {
            headerBlockTooLarge = true
            headerFields.removeAll(keepingCapacity: true)
            return 0
        }
        if role == .client, name.elementsEqual(Self.reportedStatusName), value.first == UInt8(ascii: "1") {
            headerBlockInformational = true
        }
        headerFields.append(H2Header(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        return 0
    }

    /// How many times the header list limit a block may decode to before the session fails.
    static let headerAbortFactor = 4

    func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) {
        let hd = frame.pointee.hd
        let endStream = hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(hd.type) {
        case NGHTTP2_DATA.rawValue:
            if endStream, streams[hd.stream_id] != nil { record(.endStream(streamID: hd.stream_id)) }
        case NGHTTP2_HEADERS.rawValue:
            headersReceived(streamID: hd.stream_id, endStream: endStream)
        case NGHTTP2_SETTINGS.rawValue:
            if hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 { record(.remoteSettingsChanged) }
        case NGHTTP2_PING.rawValue:
            if hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0 {
                let opaque = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { $0.loadUnaligned(as: UInt64.self) }
                record(.pingAck(opaque: UInt64(bigEndian: opaque)))
            }
        case NGHTTP2_GOAWAY.rawValue:
            goAwayReceived = true
            record(.goAway(lastStreamID: frame.pointee.goaway.last_stream_id, errorCode: frame.pointee.goaway.error_code))
        case NGHTTP2_RST_STREAM.rawValue:
            // The stream itself is reported by on_stream_close; the count feeds rate limits.
            resetsReceived &+= 1
        default:
            break
        }
    }

    private func headersReceived(streamID: Int32, endStream: Bool) {
        defer { headerBlockStream = 0 }
        guard headerBlockStream == streamID, let state = streams[streamID] else { return }
        if headerBlockTooLarge {
            // Reported only now that the block is complete: a block that never completes (the
            // peer stops inside it) must not get an answer on a stream that does not exist yet.
            // Counts as the stream's first block, so a later block is still reported as trailers.
            state.sawFinalHeaders = true
            record(.headersTooLarge(streamID: streamID))
            if endStream { record(.endStream(streamID: streamID)) }
            return
        }
        let kind: HeaderKind
        switch role {
        case .server:
            kind = state.sawFinalHeaders ? .trailers : .request
        case .client:
            if headerBlockInformational, !state.sawFinalHeaders, !endStream {
                headerFields.removeAll(keepingCapacity: true)
                return  // 1xx: nothing for a gRPC client to act on
            }
            kind = state.sawFinalHeaders ? .trailers : .response
        }
        state.sawFinalHeaders = true
        let fields = headerFields
        headerFields = []  // hand the array over without copying
        record(.headers(streamID: streamID, fields: fields, kind: kind, endStream: endStream))
    }

    func dataReceived(streamID: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        // The connection's window is given back as bytes arrive: holding it would let one
        // stream whose reader is slow, or whose message is unfinished, stall every other stream
        // of the connection. What the application has not consumed is held back per stream.
        deferredConnectionCredit += bytes.count
        guard let state = streams[streamID] else { return }
        state.unconsumedInbound += bytes.count
        recordData(streamID: streamID, bytes)
    }

    func streamClosed(streamID: Int32, errorCode: UInt32) {
        guard streams.removeValue(forKey: streamID) != nil else { return }
        record(.streamClosed(streamID: streamID, errorCode: errorCode))
    }

    /// A frame nghttp2 could not send. A request HEADERS that never left means the stream never
    /// existed for the peer: report it closed (our reset code, else REFUSED_STREAM = retryable).
    /// A response/trailers HEADERS that failed leaves a stuck stream: reset it (tiny-nghttpd).
    func frameNotSent(_ frame: UnsafePointer<nghttp2_frame>) {
        let hd = frame.pointee.hd
        guard hd.type == UInt8(NGHTTP2_HEADERS.rawValue), streams[hd.stream_id] != nil else { return }
        if role == .client, frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
            if let state = streams.removeValue(forKey: hd.stream_id) {
                record(.streamClosed(streamID: hd.stream_id, errorCode: state.localResetCode ?? 7))
            }
        } else {
            // Submitting from a callback is allowed by nghttp2; fails only on NOMEM.
            _ = nghttp2_submit_rst_stream(
                handle, UInt8(NGHTTP2_FLAG_NONE.rawValue), hd.stream_id, NGHTTP2_INTERNAL_ERROR.rawValue)
        }
    }

    /// The data provider: copies up to `length` queued bytes. Empty and unfinished → DEFERRED
    /// (resumed by `sendData`/`finish`); drained after `finish` → EOF, with trailers
    /// EOF|NO_END_STREAM plus `nghttp2_submit_trailer` (allowed inside this callback). Falling
    /// to the low-water mark of an unfinished stream is reported (`.outboundDrained`).
    func readOutbound(
        streamID: Int32, into buffer: UnsafeMutablePointer<UInt8>, length: Int, flags: UnsafeMutablePointer<UInt32>
    ) -> Int {
        guard let state = streams[streamID] else {
            return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)  // resets that stream only
        }
        let before = state.outbound.count
        let copied = state.outbound.read(into: buffer, capacity: length)
        let lowWater = settings.outboundLowWater
        guard state.outbound.isEmpty else {
            if !state.finished, before > lowWater, state.outbound.count <= lowWater { record(.outboundDrained(streamID: streamID)) }
            return copied
        }
        if state.finished {
            if let trailers = state.trailers {
                flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                let handle = self.handle
                let rc = encoder.withNameValues(trailers) { nva, count in
                    nghttp2_submit_trailer(handle, streamID, nva, count)
                }
                state.trailers = nil
                if rc != 0 { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
            } else {
                flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            }
            return copied
        }
        if copied == 0 {
            state.deferred = true
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        }
        if before > lowWater || state.reportWhenEmpty {
            state.reportWhenEmpty = false
            record(.outboundDrained(streamID: streamID))
        }
        return copied
    }
}
