internal import CNghttp2

/// Turns `[H2Header]` into the `nghttp2_nv` array a submit call wants, without allocating per
/// call: the name/value bytes and the `nghttp2_nv` entries live in two buffers that are reused.
///
/// nghttp2 copies (and lower-cases) every name and value during the submit call, so pointers
/// into these buffers only need to live for the duration of `body`.
struct H2HeaderEncoder {
    private var bytes: [UInt8] = []
    private var entries: [nghttp2_nv] = []

    mutating func withNameValues<R>(
        _ headers: [H2Header],
        _ body: (UnsafePointer<nghttp2_nv>?, Int) -> R
    ) -> R {
        // Take the buffers out so they are uniquely referenced while we write into them.
        var bytes = self.bytes
        var entries = self.entries
        self.bytes = []
        self.entries = []
        defer {
            self.bytes = bytes
            self.entries = entries
        }
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        for header in headers {
            bytes.append(contentsOf: header.name.utf8)
            bytes.append(contentsOf: header.value.utf8)
        }
        // One spare byte so the buffer is never empty and its base address never nil.
        bytes.append(0)
        return bytes.withUnsafeMutableBufferPointer { buffer -> R in
            guard let base = buffer.baseAddress else { return body(nil, 0) }
            var offset = 0
            for header in headers {
                let nameLength = header.name.utf8.count
                let valueLength = header.value.utf8.count
                entries.append(
                    nghttp2_nv(
                        name: base + offset,
                        value: base + offset + nameLength,
                        namelen: nameLength,
                        valuelen: valueLength,
                        flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
                    )
                )
                offset += nameLength + valueLength
            }
            return entries.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
        }
    }
}
