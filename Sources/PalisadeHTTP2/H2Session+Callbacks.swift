internal import CNghttp2

// The C entry points. Each one: exact C signature, recover the session from `user_data` with
// `Unmanaged` (unretained: the session owns the nghttp2 handle, so it outlives every callback),
// call one method, return an nghttp2 code. Nothing throws through C; nothing calls back into
// nghttp2's send/recv; the methods only record events and read outbound queues.

@inline(__always)
private func session(from userData: UnsafeMutableRawPointer?) -> H2Session? {
    guard let userData else { return nil }
    let session = Unmanaged<H2Session>.fromOpaque(userData).takeUnretainedValue()
    session.enterCallback()
    return session
}

private let callbackFailure = NGHTTP2_ERR_CALLBACK_FAILURE.rawValue

private func onBeginHeaders(
    _ handle: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData), let frame else { return callbackFailure }
    return owner.beginHeaders(frame)
}

private func onHeader(
    _ handle: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
    _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
    _ value: UnsafePointer<UInt8>?, _ valueLength: Int,
    _ flags: UInt8, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData) else { return callbackFailure }
    return owner.header(
        name: UnsafeBufferPointer(start: name, count: name == nil ? 0 : nameLength),
        value: UnsafeBufferPointer(start: value, count: value == nil ? 0 : valueLength))
}

private func onBeginFrame(
    _ handle: OpaquePointer?, _ header: UnsafePointer<nghttp2_frame_hd>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData), let header else { return callbackFailure }
    owner.beginFrame(header.pointee)
    return 0
}

private func onFrameRecv(
    _ handle: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData), let frame else { return callbackFailure }
    owner.frameReceived(frame)
    return 0
}

private func onDataChunkRecv(
    _ handle: OpaquePointer?, _ flags: UInt8, _ streamID: Int32,
    _ data: UnsafePointer<UInt8>?, _ length: Int, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData) else { return callbackFailure }
    owner.dataReceived(streamID: streamID, UnsafeBufferPointer(start: data, count: data == nil ? 0 : length))
    return 0
}

private func onStreamClose(
    _ handle: OpaquePointer?, _ streamID: Int32, _ errorCode: UInt32, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData) else { return callbackFailure }
    owner.streamClosed(streamID: streamID, errorCode: errorCode)
    return 0
}

private func onFrameNotSend(
    _ handle: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ libraryError: Int32,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner = session(from: userData), let frame else { return callbackFailure }
    owner.frameNotSent(frame)
    return 0
}

private func onReadOutbound(
    _ handle: OpaquePointer?, _ streamID: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ length: Int,
    _ dataFlags: UnsafeMutablePointer<UInt32>?, _ source: UnsafeMutablePointer<nghttp2_data_source>?,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let owner = session(from: userData), let buffer, let dataFlags else { return Int(callbackFailure) }
    return owner.readOutbound(streamID: streamID, into: buffer, length: length, flags: dataFlags)
}

extension H2Session {
    /// Registers the trampolines; nghttp2 copies the table into each session.
    static func install(into callbacks: OpaquePointer) {
        nghttp2_session_callbacks_set_on_begin_frame_callback(callbacks, onBeginFrame)
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunkRecv)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
        nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, onFrameNotSend)
    }

    /// A provider whose read callback finds the stream by id (`source` stays unused), so no
    /// pointer to Swift state is handed to C for longer than a call.
    func makeDataProvider() -> nghttp2_data_provider {
        nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: onReadOutbound)
    }

    /// Callbacks run only inside mem_recv/mem_send, at depth 1; anything else is re-entry.
    @inline(__always)
    func enterCallback() {
        callbackCount &+= 1
        if libraryDepth != 1 {
            reentryViolations += 1
            assertionFailure("nghttp2 callback outside of, or nested in, mem_recv/mem_send")
        }
    }
}
