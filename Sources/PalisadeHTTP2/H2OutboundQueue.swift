/// Bytes queued for one stream and not yet handed to nghttp2.
///
/// One contiguous buffer plus a read index: appending is a `memcpy`, and the read callback
/// copies from a single region. Consumed bytes at the front are dropped only when the buffer
/// empties (free: just reset the index) or when they make up at least half of it (one `memmove`
/// of at most as many bytes as were consumed), so the cost stays linear in the bytes sent
/// instead of quadratic as with `removeFirst` per read.
struct H2OutboundQueue {
    private var storage: [UInt8] = []
    private var readIndex = 0

    /// Compaction below this many consumed bytes is not worth a `memmove`.
    private static let compactThreshold = 16 << 10

    /// Bytes waiting to be read.
    var count: Int { storage.count - readIndex }

    var isEmpty: Bool { readIndex == storage.count }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
    }

    /// Copies up to `capacity` bytes into `destination`, returns how many were copied.
    mutating func read(into destination: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        let n = min(capacity, count)
        guard n > 0 else { return 0 }
        storage.withUnsafeBufferPointer { source in
            // `source` holds `storage.count` bytes and `readIndex + n <= storage.count`.
            if let base = source.baseAddress {
                destination.update(from: base + readIndex, count: n)
            }
        }
        readIndex += n
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= Self.compactThreshold, readIndex * 2 >= storage.count {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        return n
    }
}
