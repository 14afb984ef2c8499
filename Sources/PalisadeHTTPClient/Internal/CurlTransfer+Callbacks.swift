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

func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let userData else { return 0 }
    let total = size * count
    guard total > 0, let data else { return total }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}

func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let userData else { return 0 }
    let total = size * count
    guard total > 0, let data else { return total }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}
