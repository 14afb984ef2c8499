internal import CNghttp2

/// What the callbacks do. They record events and update stream state; they never call
/// `mem_recv`/`mem_send` nor any public method (the drive loop acts on the events later).
/// Every lookup tolerates unknown streams: nghttp2 may close a stream before it reports the
/// frame that closed it, and a peer may reference anything.
extension H2Session {
    private static let reportedStatusName: [UInt8] = Array(":status".utf8)

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
        }
        return 0
    }

    /// One field of the current block; counted like SETTINGS_MAX_HEADER_LIST_SIZE.
    func header(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        guard !headerBlockTooLarge else { return }
        headerBlockSize += name.count + value.count + 32
        if headerBlockSize > Int(settings.maxHeaderListSize) {
            headerBlockTooLarge = true
            headerFields.removeAll(keepingCapacity: true)
            record(.headersTooLarge(streamID: headerBlockStream))
            return
        }
        if role == .client, name.elementsEqual(Self.reportedStatusName), value.first == UInt8(ascii: "1") {
            headerBlockInformational = true
        }
        headerFields.append(H2Header(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

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
        default:
            break  // RST_STREAM is reported by on_stream_close; the rest needs no action.
        }
    }

    private func headersReceived(streamID: Int32, endStream: Bool) {
        defer { headerBlockStream = 0 }
        guard headerBlockStream == streamID, let state = streams[streamID] else { return }
        if headerBlockTooLarge {
            // Counts as the stream's first block, so a later block is still reported as trailers.
            state.sawFinalHeaders = true
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
        guard let state = streams[streamID] else {
            // Nobody will consume these: give their window back to the connection.
            deferredConnectionCredit += bytes.count
            return
        }
        state.unconsumedInbound += bytes.count
        recordData(streamID: streamID, bytes)
    }

    func streamClosed(streamID: Int32, errorCode: UInt32) {
        guard let state = streams.removeValue(forKey: streamID) else { return }
        // Bytes delivered but never consumed would shrink the connection window for good.
        deferredConnectionCredit += state.unconsumedInbound
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
    /// EOF|NO_END_STREAM plus `nghttp2_submit_trailer` (allowed inside this callback).
    func readOutbound(
        streamID: Int32, into buffer: UnsafeMutablePointer<UInt8>, length: Int, flags: UnsafeMutablePointer<UInt32>
    ) -> Int {
        guard let state = streams[streamID] else {
            return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)  // resets that stream only
        }
        let hadData = !state.outbound.isEmpty
        let copied = state.outbound.read(into: buffer, capacity: length)
        guard state.outbound.isEmpty else { return copied }
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
        if hadData { record(.outboundDrained(streamID: streamID)) }
        return copied
    }
}
