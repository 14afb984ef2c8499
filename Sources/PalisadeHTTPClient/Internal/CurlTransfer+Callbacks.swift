internal import CCurl

// C entry points for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
//
// curl calls them on the worker thread from inside curl_multi_perform. They only record bytes
// into the transfer and never call back into curl. The user data is the transfer itself,
// passed unretained: the worker's `active` table keeps it alive for as long as the easy handle
// is in the multi handle, which is the only time curl can call these.
//
// Returning a count different from `size * count` makes curl abort the transfer with
// CURLE_WRITE_ERROR; the transfer remembers why (too large), so the error maps correctly.

/// The C signature of both callbacks: data, item size, item count, user data; returns the count taken.
typealias CurlDataCallback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

let curlWriteCallback: CurlDataCallback = { data, size, count, userData in
    deliver(data, size, count, userData) { transfer, bytes in transfer.receiveBody(bytes) }
}

let curlHeaderCallback: CurlDataCallback = { data, size, count, userData in
    deliver(data, size, count, userData) { transfer, bytes in transfer.receiveHeaderLine(bytes) }
}

/// What both callbacks do around their one call: find the transfer, hand it the bytes, and
/// answer curl with the count taken (all, or 0 to abort).
private func deliver(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?,
    _ receive: (CurlTransfer, UnsafeRawBufferPointer) -> Bool
) -> Int {
    guard let userData else { return 0 }
    let total = size * count
    guard total > 0, let data else { return total }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return receive(transfer, UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}
