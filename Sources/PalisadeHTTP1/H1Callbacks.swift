internal import CHttpParser

/// The C callbacks libhttp-parser calls during `http_parser_execute`: each finds its
/// ``H1Session`` through `parser->data` (set just before every execute, unretained: the session
/// owns the parser and outlives the call) and records what it saw.
enum H1Callbacks {
    static func install(in settings: UnsafeMutablePointer<http_parser_settings>) {
        settings.pointee.on_message_begin = { parser in h1Session(parser).messageBegan() }
        settings.pointee.on_url = { parser, data, count in h1Session(parser).url(h1Bytes(data, count)) }
        settings.pointee.on_header_field = { parser, data, count in h1Session(parser).headerField(h1Bytes(data, count)) }
        settings.pointee.on_header_value = { parser, data, count in h1Session(parser).headerValue(h1Bytes(data, count)) }
        settings.pointee.on_headers_complete = { parser in h1Session(parser).headersComplete() }
        settings.pointee.on_body = { parser, data, count in h1Session(parser).body(h1Bytes(data, count)) }
        settings.pointee.on_message_complete = { parser in h1Session(parser).messageComplete() }
    }
}

// Free functions: a C function pointer cannot capture context, not even a type's.

private func h1Session(_ parser: UnsafeMutablePointer<http_parser>?) -> H1Session {
    // `data` is set by H1Session.execute before every call that can reach a callback.
    guard let data = parser?.pointee.data else { preconditionFailure("http_parser called back without its session") }
    return Unmanaged<H1Session>.fromOpaque(data).takeUnretainedValue()
}

private func h1Bytes(_ data: UnsafePointer<CChar>?, _ count: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: data, count: count)
}
